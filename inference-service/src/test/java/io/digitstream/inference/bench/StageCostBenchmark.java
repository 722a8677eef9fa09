package io.digitstream.inference.bench;

import io.digitstream.inference.kafka.ImageBatchProcessor;
import io.digitstream.inference.kafka.OutputLimits;
import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.InferenceObserver;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.field.FieldReader;
import io.digitstream.inference.preprocess.FieldEventParser;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventTimeWindow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Where the inference process's CPU goes per image, stage by stage, without Kafka: parsing and validating the event,
 * preprocessing (decode + MNIST recipe), inference (all models, batched), serialising the prediction event, and the
 * whole {@link ImageBatchProcessor} as the service runs it. CPU time of the calling thread (ThreadMXBean), median of
 * the rounds, per image. What {@code OneCoreBenchmark} measures per image beyond the whole processor is the Kafka
 * clients', the connector's and the transaction's share. Run it pinned to one core ({@code taskset -c 0}), so the
 * processor's parallel stages run on one thread as in the one-core layout.
 *
 * <p>Arguments: model directory, rounds (30), batch size (64).
 */
public final class StageCostBenchmark {

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "../target/quick-models").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        System.setProperty("OPT_OUT_TRACKING", "true");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ImageLimits limits = new ImageLimits(2 << 20, 4096, 4096, 8 << 20, 1 << 20);
        ImageEventParser parser = new ImageEventParser(limits, ImageEventParser.SchemaCheck.ALWAYS,
                new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5)), Clock.systemUTC());
        DigitImagePreprocessor preprocessor = new DigitImagePreprocessor(limits, new MnistNormalizer(0.2));
        System.out.printf(Locale.ROOT, "availableProcessors %d, batch %d, %d rounds; us of CPU per image (median)%n",
                Runtime.getRuntime().availableProcessors(), batchSize, rounds);
        System.out.println("| encoding | event bytes | parse + validate | preprocess | inference (4 models) "
                + "| serialise prediction | whole processor | whole minus inference |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        try (ModelSet models = ModelSet.load(modelDir, new OnnxThreads(1, 1))) {
            DigitClassifier classifier = new DigitClassifier(models, InferenceObserver.NONE, Clock.systemUTC());
            ImageBatchProcessor processor = new ImageBatchProcessor(parser,
                    new FieldEventParser(limits, new EventTimeWindow(Duration.ofDays(30), Duration.ofMinutes(5))),
                    new FieldReader(preprocessor, 0.8), preprocessor, classifier, new ReviewPolicy(0.8),
                    TopicNames.DEFAULTS, new OutputLimits(4 << 20, 256 << 10), Clock.systemUTC());
            for (String encoding : List.of("raw", "png")) {
                List<byte[]> events = EndToEndBenchmark.events("stage", batchSize, encoding);
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
                for (int i = 0; i < events.size(); i++) {
                    records.add(new ConsumerRecord<>("digits.images", 0, i, System.currentTimeMillis(),
                            TimestampType.CREATE_TIME, 0, events.get(i).length, "stage-" + i, events.get(i),
                            new RecordHeaders(), java.util.Optional.empty()));
                }
                double[][] samples = new double[5][rounds];
                for (int round = -rounds; round < rounds; round++) {
                    Instant now = Instant.now();
                    long t0 = threads.getCurrentThreadCpuTime();
                    List<DigitImage> images = new ArrayList<>();
                    for (byte[] event : events) {
                        images.add(parser.parse("digits.images", event, now));
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    List<ClassificationRequest> requests = new ArrayList<>();
                    for (DigitImage image : images) {
                        requests.add(new ClassificationRequest(image.id(), image.capturedAt(), now,
                                preprocessor.pixels(image)));
                    }
                    long t2 = threads.getCurrentThreadCpuTime();
                    List<DigitPrediction> predictions = classifier.classify(requests);
                    long t3 = threads.getCurrentThreadCpuTime();
                    long bytes = 0;
                    for (DigitPrediction prediction : predictions) {
                        bytes += EventJson.mapper().writeValueAsBytes(prediction).length;
                    }
                    long t4 = threads.getCurrentThreadCpuTime();
                    int written = processor.process(records).records().size();
                    long t5 = threads.getCurrentThreadCpuTime();
                    if (written < batchSize || bytes == 0) {
                        throw new IllegalStateException("the processor wrote " + written + " records");
                    }
                    if (round >= 0) {
                        long[] marks = {t0, t1, t2, t3, t4, t5};
                        for (int stage = 0; stage < 5; stage++) {
                            samples[stage][round] = (marks[stage + 1] - marks[stage]) / 1e3 / batchSize;
                        }
                    }
                }
                double whole = median(samples[4]);
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", encoding,
                        events.stream().mapToInt(e -> e.length).sum() / events.size(), median(samples[0]),
                        median(samples[1]), median(samples[2]), median(samples[3]), whole,
                        whole - median(samples[2]));
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
