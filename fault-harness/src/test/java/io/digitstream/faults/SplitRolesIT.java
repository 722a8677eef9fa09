package io.digitstream.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.faults.kafka.AnswerListener;
import io.digitstream.faults.kafka.ImageLoad;
import io.digitstream.faults.kafka.Ledger;
import io.digitstream.faults.kafka.RecordKind;
import io.digitstream.faults.kafka.TrackedRecord;
import io.digitstream.faults.process.BrokerProcess;
import io.digitstream.faults.process.ChildProcesses;
import io.digitstream.faults.process.LoopbackPorts;
import io.digitstream.faults.process.ServiceProcess;
import io.digitstream.mnist.IdxReader;
import io.digitstream.mnist.MnistFile;
import io.digitstream.mnist.MnistFiles;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.simulator.source.MnistTestSetSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The seam between the two roles is real: the packaged service runs as an inference-only process and a
 * live-metrics-only process (the second without any models: its models directory does not exist) on a real broker,
 * images flow through both, and each keeps doing its job while the other is killed with {@code kill -9}.
 */
class SplitRolesIT {

    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration ANSWERS = Duration.ofSeconds(60);
    private static final double STEADY_RATE = 20;

    @Test
    void inferenceAndLiveMetricsRunApartAndEachSurvivesTheOthersDeath() throws Exception {
        Path root = Path.of(System.getProperty("digitstream.root"));
        Path models = Path.of(System.getProperty("digitstream.models.dir"));
        String run = "split" + UUID.randomUUID().toString().substring(0, 6);
        Path work = Path.of("target", "split-roles-it", run).toAbsolutePath();
        Files.createDirectories(work);
        MnistFiles mnist = MnistResolver.builder().build().resolve();
        ChildProcesses children = new ChildProcesses(System.out::println);
        BrokerProcess broker = new BrokerProcess(root.resolve("embedded-kafka/target/embedded-kafka.jar"),
                LoopbackPorts.free(), work.resolve("kafka"), 4, Map.of(), work, children);
        Path serviceJar = root.resolve("inference-service/target/quarkus-app/quarkus-run.jar");
        Ledger ledger = new Ledger();
        try {
            broker.start(START);
            ServiceProcess inference = new ServiceProcess("inference", serviceJar, environment(broker, models, run + "-inference",
                    "DIGITSTREAM_LIVE_METRICS_ENABLED"), List.of("-Xmx512m"), work.resolve("streams-inference"),
                    work, children);
            ServiceProcess metrics = new ServiceProcess("live-metrics", serviceJar, environment(broker, work.resolve("no-models"),
                    run + "-metrics", "DIGITSTREAM_INFERENCE_ENABLED"), List.of("-Xmx512m"),
                    work.resolve("streams-metrics"), work, children);
            inference.start();
            metrics.start();
            inference.awaitReady(START);
            metrics.awaitReady(START);

            // Each process serves its own role's endpoints and refuses the other's.
            assertEquals(200, inference.status("/api/models"));
            assertEquals(404, inference.status("/api/recent"));
            assertEquals(404, inference.status("/api/metrics/live"));
            assertEquals(200, metrics.status("/api/recent"));
            assertEquals(404, metrics.status("/api/models"), "a live-metrics process has no models to show");
            assertEquals(404, metrics.status("/api/predict"));
            // The dashboard page too: an inference-only process would serve a page whose every call fails.
            assertEquals(200, metrics.status("/"));
            assertEquals(200, metrics.status("/dashboard.js"));
            assertEquals(404, inference.status("/"));
            assertEquals(404, inference.status("/dashboard.js"));
            assertEquals(404, inference.status("/vendor/chart.umd.min.js"));
            assertEquals(200, inference.status("/q/health/live"), "the gate leaves the rest alone");

            try (AnswerListener listener = AnswerListener.startAtEnd(broker.connection(BrokerProcess.ADMIN), ledger, System.out::println);
                    ImageLoad load = new ImageLoad(broker.connection(BrokerProcess.ADMIN), ledger, new MnistTestSetSource(
                            IdxReader.readSplit(mnist.path(MnistFile.TEST_IMAGES), mnist.path(MnistFile.TEST_LABELS)),
                            ImageEncoding.RAW), run, STEADY_RATE, System.out::println)) {
                // A steady trickle throughout: the live metrics publish as stream time moves, which new records move.
                load.start();
                // Both running: every image predicted by one process, scored by the other.
                load.burst(300, RecordKind.PROBE);
                load.flush();
                await("every image predicted with both processes up", () -> ledger.outstanding() == 0);
                await("the live-metrics process scored the labelled predictions",
                        () -> LiveMetricsAnswers.labelledCount(metrics) >= 300);

                // Live metrics dead: inference does not notice.
                metrics.kill();
                load.burst(300, RecordKind.PROBE);
                load.flush();
                await("every image predicted while the live-metrics process is dead", () -> ledger.outstanding() == 0);
                assertEquals(200, inference.status("/q/health/ready"));
                long predictedWhileApart = ledger.validAcked();

                // Back: it scores what it missed, from the committed predictions.
                metrics.start();
                metrics.awaitReady(START);
                await("the restarted live-metrics process catches up on the " + predictedWhileApart
                        + " predictions", () -> LiveMetricsAnswers.labelledCount(metrics) >= predictedWhileApart);

                load.stop();
                load.flush();
                await("every image predicted", () -> ledger.outstanding() == 0);
                assertTrue(ledger.validAcked() >= 600, ledger.validAcked() + " images acknowledged");
                assertTrue(ledger.records().stream().allMatch(record -> record.predictions() == 1
                        && record.deadLetterReasons().isEmpty()), "every image predicted exactly once");
                assertEquals(0, ledger.deadLetters());

                // Inference dead: the live-metrics process stays live and ready.
                inference.kill();
                Thread.sleep(3000);
                assertEquals(200, metrics.status("/q/health/live"));
                assertEquals(200, metrics.status("/q/health/ready"));
                assertEquals(200, metrics.status("/api/recent"));
            }
        } finally {
            children.stopAll();
        }
    }

    private static Map<String, String> environment(BrokerProcess broker, Path models, String instanceId,
            String disabledRole) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("DIGITSTREAM_MODELS_DIR", models.toString());
        environment.put(ServiceProcess.INSTANCE_ID_VARIABLE, instanceId);
        environment.put(disabledRole, "false");
        return environment;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWERS.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + ANSWERS + ": " + what + "; last /api/metrics/live: "
                        + LiveMetricsAnswers.last());
            }
            Thread.sleep(250);
        }
    }
}
