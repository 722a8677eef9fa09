package io.digitstream.inference.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadReplacerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final StreamThreadReplacer replacer = new StreamThreadReplacer(3, Duration.ofMinutes(10),
            new TopologyFailureMeters(registry), nanos::get);

    @Test
    void deadThreadsAreReplacedWithinTheBudgetAndTheClientShutsDownPastIt() {
        for (int i = 0; i < 3; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, replacer.handle(new IllegalStateException()));
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        }
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, replacer.handle(new IllegalStateException()),
                "a fourth failure within 10 minutes: the fault persists");
        assertEquals(3.0, registry.counter("digitstream.metrics.stream.threads.replaced").count());
    }

    @Test
    void replacementsOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 3; i++) {
            replacer.handle(new IllegalStateException());
        }
        nanos.addAndGet(Duration.ofMinutes(10).toNanos());
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, replacer.handle(new IllegalStateException()));
        assertEquals(4.0, registry.counter("digitstream.metrics.stream.threads.replaced").count());
    }
}
