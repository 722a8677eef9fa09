package io.digitstream.faults;

import io.digitstream.faults.kafka.AnswerListener;
import io.digitstream.faults.kafka.ClusterView;
import io.digitstream.faults.kafka.ImageLoad;
import io.digitstream.faults.kafka.KafkaConnection;
import io.digitstream.faults.kafka.Ledger;
import io.digitstream.faults.process.BrokerProcess;
import io.digitstream.faults.process.ChildProcesses;
import io.digitstream.faults.process.LoopbackPorts;
import io.digitstream.faults.process.ServiceProcess;
import io.digitstream.faults.report.FaultReport;
import io.digitstream.faults.report.ReportBuilder;
import io.digitstream.faults.report.ScenarioReport;
import io.digitstream.faults.scenario.Pipeline;
import io.digitstream.faults.scenario.Sampler;
import io.digitstream.faults.scenario.Scenario;
import io.digitstream.faults.scenario.ScenarioName;
import io.digitstream.faults.scenario.ScenarioRecord;
import io.digitstream.mnist.IdxReader;
import io.digitstream.mnist.MnistFile;
import io.digitstream.mnist.MnistFiles;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.KafkaClientSettings;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.source.MnistTestSetSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One run: the broker and the service as processes, MNIST images at the steady rate, the scenarios one after the
 * other while the images flow, a drain, and the report. Every process it started is stopped at the end, also on
 * failure; {@link #requestStop()} (Ctrl-C) cuts the run short but still yields a report of what happened so far.
 */
public final class FaultHarness {

    /** How {@link FaultReport#abortedBecause()} starts when the pipeline could not even be set up. */
    public static final String COULD_NOT_RUN = "could not run: ";
    private static final Duration BROKER_START = Duration.ofMinutes(2);
    private static final String KAFKA_DATA = "kafka-data";
    private static final String STREAMS_STATE = "kafka-streams";
    private static final long DRAIN_POLL_MILLIS = 200;

    private final HarnessSettings settings;
    private final Console console;
    private final String runId = "fh" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final ChildProcesses children;
    private volatile boolean stopRequested;
    private volatile Thread runner;

    public FaultHarness(HarnessSettings settings, Console console) {
        this.settings = settings;
        this.console = console;
        this.children = new ChildProcesses(console::line);
    }

    /** Ends the run early (from a shutdown hook): the current wait is interrupted and the report still made. */
    public void requestStop() {
        stopRequested = true;
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Stops every process the run started; idempotent, and safe from a shutdown hook. */
    public void stopProcesses() {
        children.stopAll();
    }

    /**
     * Runs the scenarios and returns the report, also when a scenario failed, a process would not start or the run
     * was cut short.
     *
     * @throws IOException when the work directory or the MNIST files cannot be set up
     */
    public FaultReport run() throws IOException {
        runner = Thread.currentThread();
        Instant startedAt = Instant.now();
        Path runDir = settings.workDir().resolve(runId).toAbsolutePath();
        Files.createDirectories(runDir);
        console.line("fault harness run " + runId + "; logs in " + runDir);
        MnistSplit digits = mnistTestSplit();
        Ledger ledger = new Ledger();
        List<ScenarioRecord> ran = new ArrayList<>();
        String aborted = null;
        long outstandingAtEnd = 0;
        BrokerProcess broker = new BrokerProcess(settings.brokerJar(), LoopbackPorts.free(), runDir.resolve(KAFKA_DATA),
                settings.partitions(), settings.brokerProperties(), settings.kafkaSecurity(), runDir, children);
        ServiceProcess service = new ServiceProcess(settings.serviceJar(), serviceEnvironment(broker),
                settings.serviceJvmOptions(), runDir.resolve(STREAMS_STATE), runDir, children);
        ClusterView cluster = null;
        ImageLoad load = null;
        AnswerListener listener = null;
        Sampler sampler = null;
        try {
            console.line("starting the broker on " + broker.bootstrapServers() + " (" + settings.kafkaSecurity() + ")");
            broker.start(BROKER_START);
            KafkaConnection kafka = broker.connection(BrokerProcess.ADMIN);
            cluster = new ClusterView(kafka);
            int partitions = cluster.partitions(Topics.IMAGES);
            int maxMessageBytes = cluster.maxMessageBytes(Topics.IMAGES);
            console.line("starting the inference service on http://127.0.0.1:" + service.httpPort()
                    + " (models " + settings.modelsDir() + ")");
            service.start();
            service.awaitReady(settings.serviceStartTimeout());
            listener = AnswerListener.startAtEnd(kafka, ledger, console::line);
            load = new ImageLoad(kafka, ledger,
                    new MnistTestSetSource(digits, ImageEncoding.RAW), runId, settings.rate(), console::line);
            sampler = new Sampler(cluster, service, ledger, console, settings.progressInterval());
            Pipeline pipeline = new Pipeline(settings, broker, service, load, ledger, listener, sampler, console,
                    partitions, maxMessageBytes);
            sampler.start();
            load.start();
            console.line(String.format(Locale.ROOT, "images flowing at %.0f/s; scenarios %s", settings.rate(),
                    settings.scenarios()));
            aborted = runScenarios(pipeline, ran);
            // Whatever happened, account for what was sent: stop sending and give the answers their time.
            Thread.interrupted();
            load.stop();
            load.flush();
            ledger.scenario("drain");
            outstandingAtEnd = drain(ledger, stopRequested ? Duration.ZERO : settings.drainTimeout());
        } catch (InterruptedException e) {
            aborted = stopRequested ? "stop requested (Ctrl-C)" : "interrupted";
        } catch (IOException | RuntimeException e) {
            aborted = COULD_NOT_RUN + e.getMessage();
            console.line(aborted);
        } finally {
            // A stop request may have left the interrupt flag set; the clean-up must not trip over it.
            Thread.interrupted();
            closeQuietly(load);
            closeQuietly(sampler);
            closeQuietly(listener);
            closeQuietly(cluster);
            children.stopAll();
            if (!settings.keepData()) {
                deleteData(runDir);
            }
        }
        ReportBuilder reports = new ReportBuilder(settings, ledger);
        List<ScenarioReport> scenarios = new ArrayList<>();
        for (ScenarioName name : settings.scenarios()) {
            String because = aborted;
            scenarios.add(ran.stream().filter(record -> record.name() == name).findFirst().map(reports::scenario)
                    .orElseGet(() -> reports.notRun(name, "not run: " + because)));
        }
        return new FaultReport(runId, startedAt, Instant.now(),
                aborted == null && scenarios.stream().allMatch(ScenarioReport::passed), aborted,
                Runtime.getRuntime().availableProcessors(), settingsSummary(), runDir.toString(), outstandingAtEnd,
                ledger.foreignAnswers(), scenarios);
    }

    /**
     * Runs the scenarios in order; after one that could not finish (a process that would not come back, Ctrl-C) the
     * rest are skipped.
     *
     * @return why the run was cut short, or null
     */
    private String runScenarios(Pipeline pipeline, List<ScenarioRecord> ran) {
        for (ScenarioName name : settings.scenarios()) {
            ScenarioRecord record = new ScenarioRecord(name);
            ran.add(record);
            pipeline.ledger().scenario(name.cliName());
            pipeline.sampler().track(record);
            console.line("=== " + name.cliName() + ": " + name.description());
            try {
                Scenario.of(name).run(pipeline, record);
            } catch (InterruptedException e) {
                String because = stopRequested ? "stop requested (Ctrl-C)" : "interrupted";
                record.aborted(because);
                record.ended();
                return because;
            } catch (Exception e) {
                record.aborted(e.toString());
                record.ended();
                console.line(name.cliName() + " could not finish: " + e);
                return name.cliName() + " could not finish: " + e.getMessage();
            }
            record.ended();
        }
        return null;
    }

    private long drain(Ledger ledger, Duration timeout) throws InterruptedException {
        console.line(stopRequested ? "stop requested: not waiting for " + ledger.outstanding() + " outstanding answers"
                : "draining: waiting up to " + timeout.toSeconds() + " s for " + ledger.outstanding()
                        + " outstanding answers");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ledger.outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
        if (!stopRequested) {
            // Late duplicates (a batch committed twice) would show up now.
            Thread.sleep(settings.settle().toMillis());
        }
        console.line("drained; " + ledger.outstanding() + " valid images still without an answer");
        return ledger.outstanding();
    }

    private Map<String, String> serviceEnvironment(BrokerProcess broker) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("DIGITSTREAM_MODELS_DIR", settings.modelsDir().toAbsolutePath().toString());
        environment.put(ServiceProcess.INSTANCE_ID_VARIABLE, settings.instanceId());
        if (broker.secured()) {
            // The file's path only: the passwords stay in the file.
            environment.put(KafkaClientSettings.ENVIRONMENT_VARIABLE,
                    broker.clientSettingsFile(BrokerProcess.INFERENCE_SERVICE).toString());
        }
        environment.putAll(settings.serviceEnvironment());
        return environment;
    }

    private MnistSplit mnistTestSplit() throws IOException {
        MnistFiles files = MnistResolver.builder().progress(console::line).build().resolve();
        return IdxReader.readSplit(files.path(MnistFile.TEST_IMAGES), files.path(MnistFile.TEST_LABELS));
    }

    private Map<String, Object> settingsSummary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("ratePerSecond", settings.rate());
        summary.put("partitions", settings.partitions());
        summary.put("kafkaSecurity", settings.kafkaSecurity());
        summary.put("instanceId", settings.instanceId());
        summary.put("serviceJvmOptions", settings.serviceJvmOptions());
        summary.put("serviceEnvironment", settings.serviceEnvironment());
        summary.put("brokerProperties", settings.brokerProperties());
        summary.put("modelsDir", settings.modelsDir().toAbsolutePath().toString());
        summary.put("steadySeconds", settings.steady().toSeconds());
        summary.put("brokerDowntimeSeconds", settings.brokerDowntime().toSeconds());
        summary.put("recoveryLimitSeconds", settings.recoveryLimit().toSeconds());
        summary.put("recoveryWaitSeconds", settings.recoveryWait().toSeconds());
        summary.put("lagThreshold", settings.lagThreshold());
        summary.put("maxRssMb", settings.maxRssMb());
        summary.put("saturationRate", settings.saturationRate() == null ? "measured" : settings.saturationRate());
        summary.put("probeImages", settings.probeImages());
        summary.put("overloadFactor", settings.overloadFactor());
        summary.put("overloadSeconds", settings.overloadDuration().toSeconds());
        summary.put("hostileDeadlineSeconds", settings.hostileDeadline().toSeconds());
        return summary;
    }

    /** The broker data and Streams state are worth keeping only to dig into a failure (--keep-data). */
    private void deleteData(Path runDir) {
        for (Path data : List.of(runDir.resolve(KAFKA_DATA), runDir.resolve(KAFKA_DATA + "-secrets"),
                runDir.resolve(STREAMS_STATE))) {
            if (!Files.exists(data)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException | UncheckedIOException e) {
                console.line("could not delete " + data + ": " + e.getMessage());
            }
        }
    }

    private void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            console.line("while closing " + closeable.getClass().getSimpleName() + ": " + e);
        }
    }
}
