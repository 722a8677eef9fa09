package io.digitstream.faults.scenario;

import java.util.Locale;

/**
 * (a) {@code kill -9} of the service and an immediate restart with the same configuration and instance id, as a
 * container runtime would restart a crashed container. Nothing of the dead instance is cleaned up: its open
 * transaction and its group membership stay behind until the broker times them out or the new instance takes over.
 */
final class ServiceKillScenario implements Scenario {

    @Override
    public ScenarioName name() {
        return ScenarioName.SERVICE_KILL;
    }

    @Override
    public void run(Pipeline pipeline, ScenarioRecord record) throws Exception {
        pipeline.steady(record, pipeline.settings().steady());
        long pid = pipeline.service().pid();
        record.faultStarted();
        pipeline.service().kill();
        pipeline.service().start();
        record.faultEnded();
        String event = "kill -9 of inference-service pid " + pid + "; restarted as pid " + pipeline.service().pid();
        pipeline.console().line("service-kill: " + event);
        record.note(event);
        pipeline.service().awaitReady(pipeline.settings().recoveryWait());
        record.serviceReady(record.secondsAfterFault(System.nanoTime()));
        pipeline.console().line(String.format(Locale.ROOT, "service-kill: ready again %.1f s after the restart",
                record.serviceReadySeconds()));
        pipeline.awaitRecovery(record);
        pipeline.steady(record, pipeline.settings().steady());
    }
}
