package io.digitstream.faults.scenario;

/** One fault, inflicted while images flow, with its measurements written to the record. */
public interface Scenario {

    ScenarioName name();

    void run(Pipeline pipeline, ScenarioRecord record) throws Exception;

    /** The scenario that implements {@code name}. */
    static Scenario of(ScenarioName name) {
        return switch (name) {
            case SERVICE_KILL -> new ServiceKillScenario();
            case BROKER_RESTART -> new BrokerRestartScenario();
            case OVERLOAD -> new OverloadScenario();
            case HOSTILE_RECORDS -> new HostileRecordsScenario();
        };
    }
}
