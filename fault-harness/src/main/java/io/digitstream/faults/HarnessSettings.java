package io.digitstream.faults;

import io.digitstream.faults.scenario.ScenarioName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a run is made of, as the command line or a test sets it.
 *
 * @param brokerJar           {@code embedded-kafka/target/embedded-kafka.jar}
 * @param serviceJar          {@code inference-service/target/quarkus-app/quarkus-run.jar}
 * @param modelsDir           the models the service loads ({@code manifest.json} and the ONNX files)
 * @param workDir             where each run gets a folder for the broker data, Streams state and every log
 * @param reportFile          the JSON report
 * @param partitions          partitions of the digit-stream topics on the broker
 * @param brokerProperties    extra broker settings
 * @param kafkaSecurity       the broker's security: plaintext, sasl-ssl or mtls (the service then connects as
 *                            inference-service, the harness as admin, with the settings files the broker writes)
 * @param instanceId          {@code DIGITSTREAM_INSTANCE_ID}: the stable name a restarted service comes back with
 * @param serviceJvmOptions   e.g. the heap limit a deployment gives the service
 * @param serviceEnvironment  extra service configuration (environment variables)
 * @param rate                images per second of the steady load
 * @param scenarios           which scenarios run, in this order
 * @param steady              normal flow before each fault and after its recovery
 * @param brokerDowntime      how long the broker stays dead
 * @param recoveryLimit       expected bound on both recovery times
 * @param recoveryWait        how long to wait for recovery before giving up on it (longer than the limit, so a
 *                            slow recovery is measured rather than cut off)
 * @param lagThreshold        end-to-end lag (images sent, not yet answered) under which the service is caught up
 * @param maxRssMb            expected bound on the service's resident memory
 * @param saturationRate      the service's saturation rate in images/s, or null to measure it with a burst
 * @param probeImages         size of that burst
 * @param overloadFactor      overload rate as a multiple of the saturation rate
 * @param overloadDuration    how long the overload lasts
 * @param hostileDeadline     how soon the valid image after each hostile record must be predicted
 * @param drainTimeout        how long to wait at the end for answers still outstanding
 * @param settle              how long to keep listening after that, for late duplicates
 * @param serviceStartTimeout how long the service may take to become ready at the start
 * @param progressInterval    time between progress lines
 * @param keepData            keep the broker's data and the Streams state after the run (the logs are always kept)
 */
public record HarnessSettings(
        Path brokerJar, Path serviceJar, Path modelsDir, Path workDir, Path reportFile,
        int partitions, Map<String, String> brokerProperties, String kafkaSecurity,
        String instanceId, List<String> serviceJvmOptions, Map<String, String> serviceEnvironment,
        double rate, List<ScenarioName> scenarios,
        Duration steady, Duration brokerDowntime, Duration recoveryLimit, Duration recoveryWait,
        long lagThreshold, long maxRssMb,
        Double saturationRate, int probeImages, double overloadFactor, Duration overloadDuration,
        Duration hostileDeadline, Duration drainTimeout, Duration settle, Duration serviceStartTimeout,
        Duration progressInterval, boolean keepData) {

    public HarnessSettings {
        Objects.requireNonNull(brokerJar, "brokerJar");
        Objects.requireNonNull(serviceJar, "serviceJar");
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(reportFile, "reportFile");
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        if (!Set.of("plaintext", "sasl-ssl", "mtls").contains(kafkaSecurity)) {
            throw new IllegalArgumentException("Kafka security must be plaintext, sasl-ssl or mtls, not '"
                    + kafkaSecurity + "'");
        }
        brokerProperties = Map.copyOf(brokerProperties);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
        scenarios = List.copyOf(scenarios);
        requirePositive(partitions, "partitions");
        requirePositive(rate, "rate");
        requirePositive(lagThreshold, "lag threshold");
        requirePositive(maxRssMb, "max RSS");
        requirePositive(probeImages, "probe images");
        requirePositive(overloadFactor, "overload factor");
        if (saturationRate != null) {
            requirePositive(saturationRate, "saturation rate");
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenario to run");
        }
        if (Set.copyOf(scenarios).size() != scenarios.size()) {
            // Records are attributed to scenarios by name: a repeated scenario would mix the two runs' numbers.
            throw new IllegalArgumentException("each scenario may run once, got " + scenarios);
        }
        for (Duration duration : List.of(steady, brokerDowntime, recoveryLimit, recoveryWait, overloadDuration,
                hostileDeadline, drainTimeout, settle, serviceStartTimeout, progressInterval)) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative, got " + duration);
            }
        }
        if (recoveryWait.compareTo(recoveryLimit) < 0) {
            throw new IllegalArgumentException("the recovery wait (" + recoveryWait
                    + ") must be at least the recovery limit (" + recoveryLimit + ")");
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
