package io.digitstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.deploy.RoleSwitches.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The role-switch check that ComposeFileTest and KubernetesManifestsTest apply to the real files, fed broken splits:
 * each must be reported, so a deployment file broken the same way fails the build.
 */
class RoleSwitchesTest {

    private static final String INFERENCE_OFF = "DIGITSTREAM_INFERENCE_ENABLED";
    private static final String LIVE_METRICS_OFF = "DIGITSTREAM_LIVE_METRICS_ENABLED";

    private final InferenceServiceConfig config = InferenceServiceConfig.load();

    @Test
    void theSwitchesAreRealKeysOfTheServiceOnByDefault() {
        assertEquals(InferenceServiceConfig.environmentName(RoleSwitches.INFERENCE_KEY), INFERENCE_OFF);
        assertEquals(InferenceServiceConfig.environmentName(RoleSwitches.LIVE_METRICS_KEY), LIVE_METRICS_OFF);
        assertEquals(new RoleSwitches.Roles(true, true), RoleSwitches.effective(config, Map.of(), new Properties()),
                "both roles on by default: the one-JVM pipeline");
    }

    @Test
    void eachDeploymentSwitchingTheOtherRoleOffIsTheSplit() {
        assertEquals(List.of(), problems(Deployment.INFERENCE, Map.of(LIVE_METRICS_OFF, "false")));
        assertEquals(List.of(), problems(Deployment.LIVE_METRICS, Map.of(INFERENCE_OFF, "false")));
        assertEquals(new RoleSwitches.Roles(false, true),
                RoleSwitches.effective(config, Map.of(INFERENCE_OFF, "false"), new Properties()));
    }

    @Test
    void aLiveMetricsDeploymentWithoutTheSwitchWouldRunInferenceToo() {
        assertReported(problems(Deployment.LIVE_METRICS, Map.of()), "must set DIGITSTREAM_INFERENCE_ENABLED=false");
        assertReported(problems(Deployment.LIVE_METRICS, Map.of(INFERENCE_OFF, "true")),
                "must set DIGITSTREAM_INFERENCE_ENABLED=false");
    }

    @Test
    void anInferenceDeploymentWithoutTheSwitchWouldRunLiveMetricsInEveryReplica() {
        assertReported(problems(Deployment.INFERENCE, Map.of()), "must set DIGITSTREAM_LIVE_METRICS_ENABLED=false");
        // Swapped switches: this "inference" deployment would be a second live-metrics one.
        assertReported(problems(Deployment.INFERENCE, Map.of(INFERENCE_OFF, "false")),
                "must set DIGITSTREAM_LIVE_METRICS_ENABLED=false");
    }

    @Test
    void bothRolesOffIsRefused() {
        Map<String, String> bothOff = Map.of(INFERENCE_OFF, "false", LIVE_METRICS_OFF, "false");
        assertReported(problems(Deployment.INFERENCE, bothOff), "both roles are switched off");
        assertReported(problems(Deployment.LIVE_METRICS, bothOff), "both roles are switched off");
    }

    @Test
    void aValueMicroProfileWouldSilentlyReadAsFalseIsRefused() {
        assertReported(problems(Deployment.LIVE_METRICS, Map.of(INFERENCE_OFF, "flase")), "neither true nor false");
        assertReported(problems(Deployment.LIVE_METRICS, Map.of(INFERENCE_OFF, "False")), "neither true nor false");
    }

    @Test
    void aSwitchInTheSharedConfigFileIsRefused() {
        Properties shared = new Properties();
        shared.setProperty(RoleSwitches.INFERENCE_KEY, "false");
        assertReported(RoleSwitches.problems("test", Deployment.LIVE_METRICS, config, Map.of(INFERENCE_OFF, "false"),
                shared), "the shared config file sets digitstream.inference.enabled");
    }

    private List<String> problems(Deployment deployment, Map<String, String> environment) {
        return RoleSwitches.problems("test", deployment, config, environment, new Properties());
    }

    private static void assertReported(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(expected)),
                "expected a problem containing '" + expected + "', got " + problems);
    }
}
