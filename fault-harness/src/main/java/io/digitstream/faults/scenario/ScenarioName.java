package io.digitstream.faults.scenario;

import java.util.Arrays;

/** The scenarios of issue 11, in the order they run by default. */
public enum ScenarioName {
    SERVICE_KILL("service-kill", "kill -9 of the inference service, restarted at once with the same instance id"),
    BROKER_RESTART("broker-restart", "kill -9 of the broker, restarted on the same data directory after a pause"),
    OVERLOAD("overload", "images at a multiple of the service's saturation rate for a while, then back to normal"),
    HOSTILE_RECORDS("hostile-records", "hostile records on digits.images, digits.labels and digits.predictions, "
            + "each followed by a valid image that must be predicted within the deadline");

    private final String cliName;
    private final String description;

    ScenarioName(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name on the command line and in the report. */
    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** @throws IllegalArgumentException naming the accepted names */
    public static ScenarioName fromCliName(String name) {
        return Arrays.stream(values()).filter(value -> value.cliName.equals(name.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "', expected one of "
                        + Arrays.stream(values()).map(ScenarioName::cliName).toList()));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
