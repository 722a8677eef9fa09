package io.digitstream.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

    private final FakeClock clock = new FakeClock();
    private final List<Long> sendTimes = new ArrayList<>();
    private final TreeMap<Double, Integer> sendsPerRate = new TreeMap<>();

    @Test
    void aCountRunAtAFixedRateTakesCountOverRateSeconds() throws InterruptedException {
        LoadDriver driver = new LoadDriver(clock, new RateSchedule.Fixed(50),
                new StopCondition(OptionalLong.of(100), null), 0.1);

        long sent = driver.run(this::record);

        assertEquals(100, sent);
        assertEquals(100, sendTimes.size());
        // The first send is immediate; the other 99 follow 20 ms apart.
        assertEquals(1_980_000_000L, sendTimes.get(99) - sendTimes.get(0), 1_000);
        for (int i = 1; i < sendTimes.size(); i++) {
            assertEquals(20_000_000L, sendTimes.get(i) - sendTimes.get(i - 1), 1_000, "gap before send " + i);
        }
    }

    @Test
    void aDurationRunSendsRateTimesDurationMessages() throws InterruptedException {
        LoadDriver driver = new LoadDriver(clock, new RateSchedule.Fixed(10),
                new StopCondition(OptionalLong.empty(), Duration.ofSeconds(3)), 0.1);

        long sent = driver.run(this::record);

        assertEquals(30, sent);
    }

    @Test
    void aSlowRateDoesNotOversleepTheDeadline() throws InterruptedException {
        long start = clock.nanoTime();
        LoadDriver driver = new LoadDriver(clock, new RateSchedule.Fixed(0.1),
                new StopCondition(OptionalLong.empty(), Duration.ofSeconds(2)), 0.1);

        assertEquals(1, driver.run(this::record));
        assertEquals(2_000_000_000L, clock.nanoTime() - start, "one message per 10 s, but the run ends at 2 s");
    }

    @Test
    void aRampSpendsOneIntervalAtEachRate() throws InterruptedException {
        RateSchedule.Ramp ramp = new RateSchedule.Ramp(10, 30, 10, Duration.ofSeconds(2));
        LoadDriver driver = new LoadDriver(clock, ramp,
                new StopCondition(OptionalLong.empty(), ramp.fullDuration()), 0.1);

        long sent = driver.run(this::record);

        assertEquals(3, ramp.stepCount());
        assertEquals(Duration.ofSeconds(6), ramp.fullDuration());
        assertEquals(List.of(10.0, 20.0, 30.0), List.copyOf(sendsPerRate.keySet()));
        assertEquals(20, sendsPerRate.get(10.0), 1);
        assertEquals(40, sendsPerRate.get(20.0), 1);
        assertEquals(60, sendsPerRate.get(30.0), 1);
        assertEquals(120, sent, 2);
    }

    @Test
    void theRampStopsRisingAtItsTarget() {
        RateSchedule.Ramp ramp = new RateSchedule.Ramp(100, 250, 100, Duration.ofSeconds(1));

        assertEquals(100, ramp.rateAt(0));
        assertEquals(200, ramp.rateAt(1_500_000_000L));
        assertEquals(250, ramp.rateAt(2_000_000_000L));
        assertEquals(250, ramp.rateAt(60_000_000_000L));
        assertEquals(3, ramp.stepCount());
    }

    @Test
    void whicheverStopComesFirstEndsTheRun() throws InterruptedException {
        LoadDriver driver = new LoadDriver(clock, new RateSchedule.Fixed(100),
                new StopCondition(OptionalLong.of(1_000_000), Duration.ofMillis(500)), 0.1);

        long sent = driver.run(this::record);

        assertEquals(50, sent);
        assertTrue(sendTimes.get(sendTimes.size() - 1) - sendTimes.get(0) < 500_000_000L);
    }

    @Test
    void rejectsImpossibleSchedulesAndStops() {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule.Fixed(-5));
        assertThrows(IllegalArgumentException.class,
                () -> new RateSchedule.Ramp(100, 50, 10, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RateSchedule.Ramp(10, 50, 10, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new StopCondition(OptionalLong.empty(), null));
        assertThrows(IllegalArgumentException.class, () -> new StopCondition(OptionalLong.of(0), null));
    }

    private void record(long sequence, double rate) {
        assertEquals(sendTimes.size(), sequence, "sequence numbers count from 0 without gaps");
        sendTimes.add(clock.nanoTime());
        sendsPerRate.merge(rate, 1, Integer::sum);
    }
}
