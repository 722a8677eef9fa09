package io.digitstream.inference.bench;

import io.digitstream.inference.MnistFixtures;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.kafka.embedded.DigitStreamTopics;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The inference service measured on one core, cleanly: the inference-only process pinned to one core
 * ({@code taskset}), everything else (this JVM with the embedded broker, the load generator and the reading consumer;
 * the live-metrics-only process) pinned to the other, and the ceiling (the manifest's models in an in-process ONNX
 * Runtime loop with one intra-op thread) measured on the service's core in the same run. Reports, per encoding (raw
 * and PNG events of the same MNIST test digits), the end-to-end rate (publish to last prediction visible to a
 * read_committed consumer; exactly-once as deployed), its ratio to the ceiling, how busy the service's core was, and
 * the CPU time per image of every process.
 *
 * <pre>
 * mvn -o -q -pl inference-service -am -Dquick-models.skip=true -DskipTests package
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.bench.OneCoreBenchmark -Dexec.args="../target/quick-models 20000"
 * </pre>
 * Arguments: model directory, images per measured run (20000), then any of: {@code service-core=C} (0),
 * {@code other-core=C} (1), {@code encodings=raw,png}, {@code live-metrics=off} (leave the live-metrics process out,
 * so the other core holds only the broker and the load generator), {@code warmup=W} (20000: on one core the JIT compiler
 * competes with the service for its only core; after 3,000 images its threads were still among the busiest, JFR), {@code ceiling-seconds=S}
 * (3 per batch size), {@code latency-rate=R} (images/s; after the saturation runs, an open-loop run at this rate for
 * {@code latency-seconds=S} (120) reporting end-to-end percentiles and the service's batch timers), {@code predict=N}
 * (N one-image calls of {@code /api/predict}, p50/p99), {@code KEY=VALUE} environment entries for the inference process, {@code -X...} JVM options for it.
 * Linux only (taskset).
 */
public final class OneCoreBenchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final int[] CEILING_BATCHES = {64, 128, 256};

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "target/quick-models").toAbsolutePath();
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int serviceCore = 0;
        int otherCore = 1;
        int warmUp = 20_000;
        double ceilingSeconds = 3;
        List<String> encodings = List.of("raw", "png");
        boolean liveMetrics = true;
        double latencyRate = 0;
        int latencySeconds = 120;
        int predictCalls = 0;
        List<String> jvmOptions = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-")) {
                jvmOptions.add(arg);
            } else if (arg.startsWith("service-core=")) {
                serviceCore = Integer.parseInt(value(arg));
            } else if (arg.startsWith("other-core=")) {
                otherCore = Integer.parseInt(value(arg));
            } else if (arg.startsWith("encodings=")) {
                encodings = List.of(value(arg).split(","));
            } else if (arg.startsWith("latency-rate=")) {
                latencyRate = Double.parseDouble(value(arg));
            } else if (arg.startsWith("latency-seconds=")) {
                latencySeconds = Integer.parseInt(value(arg));
            } else if (arg.startsWith("predict=")) {
                predictCalls = Integer.parseInt(value(arg));
            } else if (arg.equals("live-metrics=off")) {
                liveMetrics = false;
            } else if (arg.startsWith("warmup=")) {
                warmUp = Integer.parseInt(value(arg));
            } else if (arg.startsWith("ceiling-seconds=")) {
                ceilingSeconds = Double.parseDouble(value(arg));
            } else {
                String[] pair = arg.split("=", 2);
                environment.put(pair[0], pair[1]);
            }
        }
        Path serviceJar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(serviceJar)) {
            throw new IllegalStateException("package the service first: " + serviceJar + " is missing");
        }
        long self = ProcessHandle.current().pid();
        pin(self, otherCore);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().defaultPartitions(3).build().start()) {
            broker.createTopics(DigitStreamTopics.ALL);

            // The ceiling on the service's core, with the broker idle.
            pin(self, serviceCore);
            double ceiling = 0;
            for (OrtCeilingBenchmark.Result cell : OrtCeilingBenchmark.measure(modelDir, new OnnxThreads(1, 1),
                    ceilingSeconds, CEILING_BATCHES)) {
                System.out.printf(Locale.ROOT, "ceiling on core %d, 1 intra-op thread, batch %d: %.0f images/s%n",
                        serviceCore, cell.batchSize(), cell.imagesPerSecond());
                ceiling = Math.max(ceiling, cell.imagesPerSecond());
            }
            pin(self, otherCore);

            int metricsPort = EndToEndBenchmark.freePort();
            Process metrics = liveMetrics ? start(otherCore, List.of(), Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "DIGITSTREAM_INFERENCE_ENABLED", "false",
                    "DIGITSTREAM_INSTANCE_ID", "bench-metrics",
                    "QUARKUS_HTTP_PORT", Integer.toString(metricsPort)), serviceJar, "target/bench-metrics.log") : null;
            int servicePort = EndToEndBenchmark.freePort();
            Map<String, String> serviceEnvironment = new LinkedHashMap<>(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "DIGITSTREAM_LIVE_METRICS_ENABLED", "false",
                    "DIGITSTREAM_MODELS_DIR", modelDir.toString(),
                    "DIGITSTREAM_ONNX_INTRA_OP_THREADS", "1",
                    "DIGITSTREAM_INSTANCE_ID", "bench-inference",
                    "QUARKUS_HTTP_PORT", Integer.toString(servicePort)));
            serviceEnvironment.putAll(environment);
            Process service = start(serviceCore, jvmOptions, serviceEnvironment, serviceJar,
                    "target/bench-service.log");
            try {
                EndToEndBenchmark.awaitReady(servicePort);
                if (metrics != null) {
                    EndToEndBenchmark.awaitReady(metricsPort);
                }
                Processes processes = new Processes(service.toHandle(),
                        metrics == null ? null : metrics.toHandle(), ProcessHandle.current());
                for (String encoding : encodings) {
                    if (warmUp > 0) {
                        Measured warm = run(broker.bootstrapServers(), warmUp, encoding, processes);
                        System.out.printf(Locale.ROOT, "%s warm-up: %d images, %.0f images/s%n", encoding, warmUp,
                                warm.imagesPerSecond());
                    }
                    Measured measured = run(broker.bootstrapServers(), images, encoding, processes);
                    System.out.printf(Locale.ROOT, "%s: %d images, %.0f images/s end to end, %.2f x the one-core"
                                    + " ceiling of %.0f; service core %.0f %% busy; CPU per image: inference process"
                                    + " %.0f us, live-metrics process %.0f us, broker+load generator JVM %.0f us%n",
                            encoding, images, measured.imagesPerSecond(), measured.imagesPerSecond() / ceiling,
                            ceiling, 100 * measured.serviceCpuSeconds() / measured.seconds(),
                            measured.micros(measured.serviceCpuSeconds()), measured.micros(measured.metricsCpuSeconds()),
                            measured.micros(measured.benchCpuSeconds()));
                    StringBuilder threads = new StringBuilder("  inference process, us of CPU per image by thread:");
                    measured.serviceThreads().forEach((group, cpu) -> threads.append(String.format(Locale.ROOT,
                            " %s %.0f;", group, measured.micros(cpu))));
                    System.out.println(threads);
                }
                if (latencyRate > 0) {
                    latency(broker.bootstrapServers(), servicePort, encodings.get(0), latencyRate, latencySeconds);
                }
                if (predictCalls > 0) {
                    predictLatency(servicePort, predictCalls);
                }
                System.out.printf(Locale.ROOT, "peak RSS (VmHWM): inference process %s, live-metrics process %s%n",
                        peakRss(service.pid()), metrics == null ? "-" : peakRss(metrics.pid()));
            } finally {
                service.destroy();
                service.waitFor();
                if (metrics != null) {
                    metrics.destroy();
                    metrics.waitFor();
                }
            }
        }
    }

    /**
     * Open loop: images at a fixed rate for a while, each image's latency from its send to its prediction becoming
     * visible to a read_committed consumer; and, from the service's own timers over the same interval, where a batch's
     * milliseconds went.
     */
    private static void latency(String bootstrapServers, int servicePort, String encoding, double rate, int seconds)
            throws Exception {
        int images = (int) (rate * seconds);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<byte[]> events = EndToEndBenchmark.events(run, images, encoding);
        Map<String, double[]> before = serviceTimers(servicePort);
        org.HdrHistogram.Histogram latencies = EndToEndBenchmark.openLoopLatencies(bootstrapServers, Topics.IMAGES,
                Topics.PREDICTIONS, run, events, rate, Duration.ofSeconds(seconds).plus(RUN_TIMEOUT));
        Map<String, double[]> after = serviceTimers(servicePort);
        System.out.printf(Locale.ROOT, "latency at %.0f images/s for %d s (%s, %d images, open loop): end to end p50 %.1f"
                        + " ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, seconds, encoding, latencies.getTotalCount(),
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(95) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
        StringBuilder breakdown = new StringBuilder("  per batch, mean over the run:");
        for (String timer : List.of("digitstream_batch_queued_seconds", "digitstream_batch_processing_seconds",
                "digitstream_batch_commit_seconds")) {
            double[] a = after.getOrDefault(timer, new double[2]);
            double[] b = before.getOrDefault(timer, new double[2]);
            double count = a[1] - b[1];
            breakdown.append(String.format(Locale.ROOT, " %s %.1f ms", timer.replace("digitstream_batch_", "")
                    .replace("_seconds", ""), count == 0 ? 0 : 1000 * (a[0] - b[0]) / count));
        }
        double[] sizeAfter = after.getOrDefault("digitstream_batch_size", new double[2]);
        double[] sizeBefore = before.getOrDefault("digitstream_batch_size", new double[2]);
        double batches = sizeAfter[1] - sizeBefore[1];
        breakdown.append(String.format(Locale.ROOT, "; %.0f batches of %.1f images", batches,
                batches == 0 ? 0 : (sizeAfter[0] - sizeBefore[0]) / batches));
        System.out.println(breakdown);
    }

    /** Sum and count of the service's batch timers and batch-size summary, from /q/metrics. */
    private static Map<String, double[]> serviceTimers(int port) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Map<String, double[]> timers = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            for (String name : List.of("digitstream_batch_queued_seconds", "digitstream_batch_processing_seconds",
                    "digitstream_batch_commit_seconds", "digitstream_batch_size")) {
                if (line.startsWith(name + "_sum")) {
                    timers.computeIfAbsent(name, n -> new double[2])[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith(name + "_count")) {
                    timers.computeIfAbsent(name, n -> new double[2])[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return timers;
    }

    /** One image at a time through {@code POST /api/predict} (raw bytes), after 200 warm-up calls. */
    private static void predictLatency(int port, int calls) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        org.HdrHistogram.Histogram latencies = new org.HdrHistogram.Histogram(3);
        for (int i = -200; i < calls; i++) {
            byte[] body = MnistFixtures.testSplit().images().image(Math.floorMod(i, 10_000));
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/predict"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long start = System.nanoTime();
            int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            long micros = (System.nanoTime() - start) / 1000;
            if (status != 200) {
                throw new IllegalStateException("/api/predict answered " + status);
            }
            if (i >= 0) {
                latencies.recordValue(Math.max(1, micros));
            }
        }
        System.out.printf(Locale.ROOT, "/api/predict, one raw image at a time (%d calls): p50 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms%n", calls, latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
    }

    /** The process's peak resident set size from /proc (Linux). */
    private static String peakRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring("VmHWM:".length()).trim();
            }
        }
        return "?";
    }

    private static String value(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    /**
     * Moves every thread of a process (and so the threads they start later) to one core. A thread that ends while
     * taskset walks the list makes it fail with "No such process"; the walk is then simply repeated.
     */
    static void pin(long pid, int core) throws Exception {
        String output = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(core),
                    Long.toString(pid)).redirectErrorStream(true).start();
            output = new String(taskset.getInputStream().readAllBytes());
            if (taskset.waitFor() == 0) {
                return;
            }
        }
        throw new IllegalStateException("taskset could not pin process " + pid + " to core " + core + ": "
                + output.substring(Math.max(0, output.length() - 500)));
    }

    private static Process start(int core, List<String> jvmOptions, Map<String, String> environment, Path jar,
            String log) throws Exception {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(core),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+ExitOnOutOfMemoryError",
                "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "-Dquarkus.http.host=127.0.0.1",
                "-Dkafka-streams.state.dir=" + Files.createTempDirectory("bench-streams-state")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(log).toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** @param metrics null when the live-metrics process is left out ({@code live-metrics=off}) */
    private record Processes(ProcessHandle service, ProcessHandle metrics, ProcessHandle bench) {

        double metricsCpuSeconds() {
            return metrics == null ? 0 : EndToEndBenchmark.cpuSeconds(metrics);
        }
    }

    /** @param serviceThreads the inference process's CPU seconds over the run by thread group ({@link ThreadGroupCpu}) */
    private record Measured(int images, double seconds, double serviceCpuSeconds, double metricsCpuSeconds,
            double benchCpuSeconds, Map<String, Double> serviceThreads) {

        double imagesPerSecond() {
            return images / seconds;
        }

        double micros(double cpuSeconds) {
            return cpuSeconds * 1e6 / images;
        }
    }

    private static Measured run(String bootstrapServers, int images, String encoding, Processes processes) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        double[] before = new double[3];
        List<Map<String, Double>> threadsBefore = new ArrayList<>();
        double seconds = EndToEndBenchmark.publishAndAwaitPredictions(bootstrapServers, run,
                EndToEndBenchmark.events(run, images, encoding), () -> {
                    before[0] = EndToEndBenchmark.cpuSeconds(processes.service());
                    before[1] = processes.metricsCpuSeconds();
                    before[2] = EndToEndBenchmark.cpuSeconds(processes.bench());
                    threadsBefore.add(ThreadGroupCpu.read(processes.service().pid()));
                });
        return new Measured(images, seconds, EndToEndBenchmark.cpuSeconds(processes.service()) - before[0],
                processes.metricsCpuSeconds() - before[1], EndToEndBenchmark.cpuSeconds(processes.bench()) - before[2],
                ThreadGroupCpu.difference(ThreadGroupCpu.read(processes.service().pid()), threadsBefore.get(0)));
    }
}
