package io.digitstream.faults.scenario;

import java.time.Duration;
import java.util.Locale;

/**
 * (b) {@code kill -9} of the broker process, a pause, and the broker started again on the same data directory and
 * ports: the producer of the load buffers and retries, the service's transaction in flight fails, and everything
 * must resume once the broker is back. Recovery counts from the broker being ready again.
 */
final class BrokerRestartScenario implements Scenario {

    private static final Duration BROKER_START = Duration.ofMinutes(2);

    @Override
    public ScenarioName name() {
        return ScenarioName.BROKER_RESTART;
    }

    @Override
    public void run(Pipeline pipeline, ScenarioRecord record) throws Exception {
        pipeline.steady(record, pipeline.settings().steady());
        long pid = pipeline.broker().process().pid();
        record.faultStarted();
        pipeline.broker().kill();
        String event = "kill -9 of broker pid " + pid + "; down for "
                + pipeline.settings().brokerDowntime().toSeconds() + " s";
        pipeline.console().line("broker-restart: " + event);
        record.note(event);
        Thread.sleep(pipeline.settings().brokerDowntime().toMillis());
        pipeline.broker().start(BROKER_START);
        record.faultEnded();
        String back = String.format(Locale.ROOT, "broker back as pid %d, %.1f s after the kill",
                pipeline.broker().process().pid(), record.faultSeconds());
        pipeline.console().line("broker-restart: " + back);
        record.note(back);
        pipeline.awaitRecovery(record);
        pipeline.steady(record, pipeline.settings().steady());
    }
}
