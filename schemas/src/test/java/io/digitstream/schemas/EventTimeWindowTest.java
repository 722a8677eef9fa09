package io.digitstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTimeWindowTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final EventTimeWindow window = new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5));

    @Test
    void timesInsideTheWindowAndOnItsEdgesAreAccepted() {
        assertEquals(Optional.empty(), window.violation("capturedAt", NOW, NOW));
        assertEquals(Optional.empty(), window.violation("capturedAt", NOW.minus(Duration.ofDays(30)), NOW));
        assertEquals(Optional.empty(), window.violation("capturedAt", NOW.plus(Duration.ofMinutes(5)), NOW));
    }

    @Test
    void timesJustOutsideAndAtTheSchemasExtremesAreRefusedWithTheFieldAndTheSetting() {
        String past = window.violation("capturedAt", NOW.minus(Duration.ofDays(30)).minusMillis(1), NOW).orElseThrow();
        assertTrue(past.startsWith("capturedAt ") && past.contains("digitstream.time.max-age"), past);
        String future = window.violation("labeledAt", NOW.plus(Duration.ofMinutes(5)).plusMillis(1), NOW).orElseThrow();
        assertTrue(future.startsWith("labeledAt ") && future.contains("digitstream.time.max-future-skew"), future);
        assertTrue(window.violation("t", Instant.parse("0000-01-01T00:00:00Z"), NOW).isPresent());
        assertTrue(window.violation("t", Instant.parse("9999-12-31T23:59:59.999Z"), NOW).isPresent());
    }

    @Test
    void theWindowItselfIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> new EventTimeWindow(Duration.ofDays(-1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new EventTimeWindow(Duration.ofDays(3651), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new EventTimeWindow(Duration.ZERO, null));
    }
}
