package io.digitstream.faults;

import io.digitstream.faults.report.FaultReport;
import io.digitstream.faults.report.ReportJson;
import io.digitstream.faults.report.SummaryTable;
import io.digitstream.faults.scenario.ScenarioName;
import io.digitstream.simulator.DurationConverter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault harness from the command line (run from the repository root, e.g. by {@code scripts/fault-harness.sh}).
 * Exit codes: 0 every expectation met, 1 some check failed, 2 bad options, 3 could not run.
 */
@Command(name = "fault-harness", mixinStandardHelpOptions = true, sortOptions = false,
        version = "digit-stream fault-harness 0.1.0",
        description = {"Runs the embedded broker and the packaged inference service as processes, keeps MNIST images "
                + "flowing at a fixed rate and, while they flow, kills the service, kills and restarts the broker, "
                + "overloads the service and sends it hostile records. Writes a JSON report of what was lost, "
                + "doubled and dead-lettered, how fast it recovered and how much memory the service used.",
                "Run it from the repository root; every process stays on 127.0.0.1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation met", "1:some check failed (see the report)", "2:invalid options",
                "3:could not run (missing jar or models, a process that would not start)"})
public final class FaultHarnessCli implements Callable<Integer> {

    static final int EXIT_FAILED_CHECKS = 1;
    static final int EXIT_COULD_NOT_RUN = 3;
    /** The service's heap as its container would size it: 75 % (the image's MaxRAMPercentage) of the dev pod's 1 GiB. */
    static final String DEFAULT_SERVICE_HEAP = "-Xmx768m";

    @Option(names = "--models-dir", defaultValue = "models",
            description = "Models the service loads (a model store with active.json, or one set: manifest.json + ONNX"
                    + " files; default ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--broker-jar", defaultValue = "embedded-kafka/target/embedded-kafka.jar",
            description = "The embedded broker's jar (default ${DEFAULT-VALUE}).")
    Path brokerJar;

    @Option(names = "--service-jar", defaultValue = "inference-service/target/quarkus-app/quarkus-run.jar",
            description = "The packaged inference service (default ${DEFAULT-VALUE}).")
    Path serviceJar;

    @Option(names = "--work-dir", defaultValue = "target/fault-harness",
            description = "Each run gets a folder here for broker data, Streams state and logs (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--report", defaultValue = "reports/fault-report.json",
            description = "Where the JSON report goes (default ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            defaultValue = "service-kill,broker-restart,overload,hostile-records",
            description = "Scenarios to run, in order (default ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--rate", defaultValue = "50", description = "Images per second of the steady load (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--steady", defaultValue = "10s", converter = DurationConverter.class,
            description = "Steady load before each fault and after its recovery (default ${DEFAULT-VALUE}).")
    Duration steady;

    @Option(names = "--broker-downtime", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the killed broker stays down (default ${DEFAULT-VALUE}).")
    Duration brokerDowntime;

    @Option(names = "--recovery-limit", defaultValue = "30s", converter = DurationConverter.class,
            description = "Expected: first new prediction and lag under the threshold within this long after a "
                    + "fault ends (default ${DEFAULT-VALUE}).")
    Duration recoveryLimit;

    @Option(names = "--recovery-wait", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long to wait for a recovery before moving on, so a slow one is measured "
                    + "(default ${DEFAULT-VALUE}).")
    Duration recoveryWait;

    @Option(names = "--lag-threshold", defaultValue = "200",
            description = "Lag that counts as caught up: images sent and not yet answered (default ${DEFAULT-VALUE}).")
    long lagThreshold;

    @Option(names = "--max-rss-mb", defaultValue = "1024",
            description = "Expected bound on the service's resident memory, MiB (default ${DEFAULT-VALUE}: the dev "
                    + "overlay's memory limit).")
    long maxRssMb;

    @Option(names = "--saturation-rate",
            description = "The service's saturation rate in images/s; measured with a burst when not given.")
    Double saturationRate;

    @Option(names = "--probe-images", defaultValue = "4000",
            description = "Images in the burst that measures the saturation rate (default ${DEFAULT-VALUE}).")
    int probeImages;

    @Option(names = "--overload-factor", defaultValue = "2",
            description = "Overload rate as a multiple of the saturation rate (default ${DEFAULT-VALUE}).")
    double overloadFactor;

    @Option(names = "--overload-duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the overload lasts (default ${DEFAULT-VALUE}); its backlog drains in about "
                    + "duration x (factor - 1) x saturation / (saturation - rate).")
    Duration overloadDuration;

    @Option(names = "--hostile-deadline", defaultValue = "10s", converter = DurationConverter.class,
            description = "The valid image after each hostile record must be predicted within this long "
                    + "(default ${DEFAULT-VALUE}).")
    Duration hostileDeadline;

    @Option(names = "--drain-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long to wait at the end for outstanding answers (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--settle", defaultValue = "3s", converter = DurationConverter.class,
            description = "Keep listening this long after the drain, for late duplicates (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--partitions", defaultValue = "4",
            description = "Partitions of the digit-stream topics on the broker (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--broker-property", paramLabel = "NAME=VALUE",
            description = "Any Kafka broker setting, e.g. message.max.bytes (repeatable).")
    Map<String, String> brokerProperties = new LinkedHashMap<>();

    @Option(names = "--kafka-security", defaultValue = "plaintext",
            description = "The broker's security: plaintext, sasl-ssl (TLS + SCRAM-SHA-512) or mtls, with ACLs on; the "
                    + "service and the harness connect with the settings files it writes (default ${DEFAULT-VALUE}).")
    String kafkaSecurity;

    @Option(names = "--instance-id", defaultValue = "fault-harness-1",
            description = "DIGITSTREAM_INSTANCE_ID of the service, kept across its restart (default ${DEFAULT-VALUE}).")
    String instanceId;

    @Option(names = "--service-jvm-option", paramLabel = "OPTION",
            description = "JVM option for the service, e.g. --service-jvm-option=-Xmx1g (repeatable; default "
                    + DEFAULT_SERVICE_HEAP + ").")
    List<String> serviceJvmOptions = new ArrayList<>();

    @Option(names = "--service-env", paramLabel = "NAME=VALUE",
            description = "Extra service configuration as an environment variable (repeatable).")
    Map<String, String> serviceEnvironment = new LinkedHashMap<>();

    @Option(names = "--service-start-timeout", defaultValue = "3m", converter = DurationConverter.class,
            description = "How long the service may take to become ready at the start (default ${DEFAULT-VALUE}).")
    Duration serviceStartTimeout;

    @Option(names = "--progress-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between progress lines (default ${DEFAULT-VALUE}).")
    Duration progressInterval;

    @Option(names = "--keep-data",
            description = "Keep the broker's data and the Streams state of the run (~150 MB for a full run); the "
                    + "logs are always kept.")
    boolean keepData;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    FaultHarnessCli(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // No DJL class is on this classpath, but every JVM in the project sets these first, in case one ever is.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        PrintStream out = System.out;
        System.exit(new CommandLine(new FaultHarnessCli(out))
                .setOut(new PrintWriter(out, true))
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    System.err.println("fault-harness: " + (error.getMessage() == null ? error : error.getMessage()));
                    return EXIT_COULD_NOT_RUN;
                })
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        HarnessSettings settings = settings();
        for (Path required : List.of(brokerJar, serviceJar, modelsDir)) {
            if (!Files.exists(required) || required == modelsDir && !Files.exists(modelsDir.resolve("manifest.json"))
                    && !Files.exists(modelsDir.resolve("active.json"))) {
                System.err.println("fault-harness: " + required + " is missing; scripts/fault-harness.sh builds the "
                        + "jars and trains quick models when needed");
                return EXIT_COULD_NOT_RUN;
            }
        }
        Console console = new Console(out);
        FaultHarness harness = new FaultHarness(settings, console);
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            harness.requestStop();
            try {
                // Let the run write its report; bounded, so a stuck child cannot hang Ctrl-C.
                finished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            harness.stopProcesses();
        }, "fault-harness-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            FaultReport result = harness.run();
            ReportJson.write(result, report);
            console.raw(SummaryTable.format(result));
            console.line("report written to " + report);
            if (result.abortedBecause() != null && result.abortedBecause().startsWith(FaultHarness.COULD_NOT_RUN)) {
                return EXIT_COULD_NOT_RUN;
            }
            return result.passed() ? 0 : EXIT_FAILED_CHECKS;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and must stay.
            }
        }
    }

    HarnessSettings settings() {
        try {
            List<ScenarioName> names = scenarios.stream().map(ScenarioName::fromCliName).toList();
            return new HarnessSettings(brokerJar, serviceJar, modelsDir, workDir, report, partitions, brokerProperties, kafkaSecurity,
                    instanceId, serviceJvmOptions.isEmpty() ? List.of(DEFAULT_SERVICE_HEAP) : serviceJvmOptions,
                    serviceEnvironment, rate, names, steady, brokerDowntime, recoveryLimit, recoveryWait, lagThreshold,
                    maxRssMb, saturationRate, probeImages, overloadFactor, overloadDuration, hostileDeadline,
                    drainTimeout, settle, serviceStartTimeout, progressInterval, keepData);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
