package io.digitstream.inference.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeploymentRolesTest {

    @Test
    void aProcessWithNeitherRoleIsRefusedWithBothKeysNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeploymentRoles(false, false));

        assertTrue(e.getMessage().contains("digitstream.inference.enabled"), e.getMessage());
        assertTrue(e.getMessage().contains("digitstream.live-metrics.enabled"), e.getMessage());
    }

    @Test
    void eachCombinationDescribesItself() {
        assertEquals("inference + live metrics", new DeploymentRoles(true, true).describe());
        assertEquals("inference only", new DeploymentRoles(true, false).describe());
        assertEquals("live metrics only", new DeploymentRoles(false, true).describe());
    }
}
