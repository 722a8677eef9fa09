package io.digitstream.inference.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class ConsumerProgressTest {

    private final MutableClock clock = new MutableClock();
    private final ConsumerProgress progress = new ConsumerProgress(Duration.ofSeconds(60), clock);

    @Test
    void idleIsHealthyHoweverLongItLasts() {
        clock.advance(Duration.ofHours(5));
        assertEquals(Status.UP, progress.health().getStatus());
    }

    @Test
    void workPendingWithoutACommitFailsLivenessOnlyAfterTheStallTimeout() {
        progress.batchConsumed();
        clock.advance(Duration.ofSeconds(30));
        progress.failed(new TimeoutException("commit timed out"));
        progress.batchConsumed();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Status.UP, progress.health().getStatus(), "exactly at the timeout");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Status.DOWN, progress.health().getStatus());
        assertEquals(Duration.ofSeconds(60).plusMillis(1), progress.stalledFor().orElseThrow());

        progress.batchCommitted();
        assertEquals(Status.UP, progress.health().getStatus(), "a commit clears the stall");
    }

    @Test
    void aFencedProducerFailsLivenessAtOnceAndForGood() {
        progress.batchConsumed();
        progress.failed(new KafkaException("commit failed", new ProducerFencedException("fenced")));
        assertEquals(Status.DOWN, progress.health().getStatus());
        progress.batchCommitted();
        assertEquals(Status.DOWN, progress.health().getStatus(), "only a new process gets a new producer");
        assertEquals(true, progress.fatal());
    }

    @Test
    void anEpochBumpByTheCoordinatorIsNotFatal() {
        progress.batchConsumed();
        progress.failed(new KafkaException("send failed",
                new org.apache.kafka.common.errors.InvalidProducerEpochException("transaction timed out")));
        assertEquals(false, progress.fatal());
        assertEquals(Status.UP, progress.health().getStatus());
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
