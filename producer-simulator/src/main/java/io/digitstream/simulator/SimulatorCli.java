package io.digitstream.simulator;

import io.digitstream.schemas.KafkaClientSettings;
import io.digitstream.simulator.load.RateSchedule;
import io.digitstream.simulator.load.StopCondition;
import io.digitstream.simulator.report.ReportJson;
import io.digitstream.simulator.report.ReportText;
import io.digitstream.simulator.report.SimulationReport;
import io.digitstream.simulator.source.DigitSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load generator and end-to-end checker: publishes digit images (and labels) at a target rate, listens for the
 * predictions, and reports throughput, latency, loss, duplicates and accuracy. Exit codes: 0 every image predicted,
 * 1 images lost, dead-lettered or not sent, 2 bad options, 3 could not run (broker, MNIST, folder).
 */
@Command(name = "producer-simulator", mixinStandardHelpOptions = true, sortOptions = false,
        version = "digit-stream producer-simulator 0.1.0",
        description = "Publishes digit images to Kafka at a target rate and reports what came back.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every sent image was predicted", "1:images lost, dead-lettered by the service, or not sent",
                        "2:invalid options", "3:could not run (broker, MNIST files, scan folder)"})
public final class SimulatorCli implements Callable<Integer> {

    static final int EXIT_LOST = 1;
    static final int EXIT_FAILED = 3;
    /** Images sent when neither --count nor --duration is given (not an option default: it would cap --duration). */
    static final long DEFAULT_COUNT = 1000;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:DIGITSTREAM_KAFKA_CLIENT_CONFIG}",
            description = "Kafka client properties file for a secured cluster (security.protocol, sasl.*, ssl.*), so no "
                    + "password is on the command line (env DIGITSTREAM_KAFKA_CLIENT_CONFIG).")
    Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka client property for the producer and consumer (repeatable).")
    Map<String, String> kafkaProperties = new HashMap<>();

    @Option(names = "--kafka-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a Kafka call may block before the run fails (default ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    @CommandLine.Mixin
    SourceOptions sourceOptions = new SourceOptions();

    @Option(names = "--rate", defaultValue = "100",
            description = "Messages per second (the start rate of a ramp; default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--ramp-to", description = "Ramp the rate up to this many messages/s to find saturation.")
    Double rampTo;

    @Option(names = "--ramp-step", description = "Messages/s added at each ramp step (default: --rate).")
    Double rampStep;

    @Option(names = "--ramp-interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "Time spent at each ramp step (default ${DEFAULT-VALUE}).")
    Duration rampInterval;

    @Option(names = "--saturation-threshold", defaultValue = "0.9",
            description = "A ramp step is kept up with when predictions return at this share of the send rate "
                    + "(default ${DEFAULT-VALUE}).")
    double saturationThreshold;

    @Option(names = "--max-burst", defaultValue = "100ms", converter = DurationConverter.class,
            description = "How much sending the rate limiter lets a late sender catch up at once (default ${DEFAULT-VALUE}).")
    Duration maxBurst;

    @Option(names = "--count", description = "Stop after this many images (default 1000 when no --duration).")
    Long count;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop sending after this long, e.g. 60s or 2m (with --count: whichever comes first).")
    Duration duration;

    @Option(names = "--labels-fraction", defaultValue = "1.0",
            description = "Share of images whose label is published to digits.labels (default ${DEFAULT-VALUE}).")
    double labelsFraction;

    @Option(names = "--labels-delay", defaultValue = "0s", converter = DurationConverter.class,
            description = "Delay between an image and its label (default ${DEFAULT-VALUE}).")
    Duration labelsDelay;

    @Option(names = "--wait-for-predictions", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for outstanding predictions after sending (default ${DEFAULT-VALUE}).")
    Duration waitForPredictions;

    @Option(names = "--settle", defaultValue = "1s", converter = DurationConverter.class,
            description = "Keep listening this long after the last prediction to catch duplicates (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--report-json", description = "Also write the final report as JSON to this file.")
    Path reportJson;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed for synthetic scans and the labels fraction (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--progress-interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Time between progress lines (default ${DEFAULT-VALUE}).")
    Duration progressInterval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    public SimulatorCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // No DJL class is on this classpath, but every JVM in the project sets these first, in case one ever is.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return new CommandLine(new SimulatorCli(out, err))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    err.println("error: " + (error.getMessage() == null ? error : error.getMessage()));
                    return EXIT_FAILED;
                });
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        SimulationSettings settings = settings();
        DigitSource source = sourceOptions.open(seed, err);
        Simulation simulation = new Simulation(settings, source, out, err);
        out.println("run " + settings.runId() + ": " + source.description() + " -> " + bootstrapServers + " ("
                + settings.kafkaConfig().getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT") + ")");
        CountDownLatch finished = new CountDownLatch(1);
        Thread stopOnSignal = new Thread(() -> {
            simulation.requestStop();
            awaitQuietly(finished);
        }, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            SimulationReport report = simulation.run();
            out.print(ReportText.format(report));
            if (reportJson != null) {
                ReportJson.write(report, reportJson);
                out.println("report written to " + reportJson);
            }
            return report.successful() ? 0 : EXIT_LOST;
        } finally {
            finished.countDown();
            removeHook(stopOnSignal);
        }
    }

    SimulationSettings settings() {
        Map<String, Object> kafka = new HashMap<>();
        try {
            if (kafkaConfig != null) {
                kafka.putAll(KafkaClientSettings.read(kafkaConfig));
            }
            kafka.putAll(kafkaProperties);
            kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            int timeoutMs = Math.toIntExact(kafkaTimeout.toMillis());
            kafka.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
            kafka.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
            RateSchedule schedule = rampTo == null
                    ? new RateSchedule.Fixed(rate)
                    : new RateSchedule.Ramp(rate, rampTo, rampStep == null ? rate : rampStep, rampInterval);
            return new SimulationSettings(
                    "sim-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()),
                    kafka, schedule, stopCondition(schedule), maxBurst.toNanos() / 1e9, labelsFraction, labelsDelay,
                    waitForPredictions, settle, saturationThreshold, progressInterval, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private StopCondition stopCondition(RateSchedule schedule) {
        Duration limit = duration;
        OptionalLong limitCount = count == null ? OptionalLong.empty() : OptionalLong.of(count);
        if (limit == null && count == null) {
            if (schedule instanceof RateSchedule.Ramp ramp) {
                limit = ramp.fullDuration();
            } else {
                limitCount = OptionalLong.of(DEFAULT_COUNT);
            }
        }
        return new StopCondition(limitCount, limit);
    }

    private static void awaitQuietly(CountDownLatch finished) {
        try {
            // Let the run print its report before the JVM halts; bounded so a stuck broker cannot hang Ctrl-C.
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and must stay.
        }
    }
}
