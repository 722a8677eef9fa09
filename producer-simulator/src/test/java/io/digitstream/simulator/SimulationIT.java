package io.digitstream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.kafka.embedded.EmbeddedKafkaExtension;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitLabel;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventSchemas;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.Topics;
import io.digitstream.simulator.PredictingStandIn.Answer;
import io.digitstream.simulator.load.RateSchedule;
import io.digitstream.simulator.load.StopCondition;
import io.digitstream.simulator.report.RampStepReport;
import io.digitstream.simulator.report.SimulationReport;
import io.digitstream.simulator.source.MnistTestSetSource;
import io.digitstream.simulator.source.TestDigits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real embedded broker, with {@link PredictingStandIn} answering in place of the inference
 * service: checks that loss and duplicates are detected exactly and that images and labels reach their topics as
 * schema-valid JSON. (The end-to-end test with the real inference service lives with the pipeline.)
 */
class SimulationIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.builder().partitions(3).build();

    private static final int COUNT = 60;

    @TempDir
    Path dir;

    @Test
    void detectsLostDuplicatedAndRejectedImagesAndPublishesValidEvents() throws Exception {
        SimulationSettings settings = settings("sim-it-loss", COUNT, 0.5, Duration.ofMillis(300), Duration.ofSeconds(3));
        SimulationReport report;
        try (PredictingStandIn standIn = new PredictingStandIn(KAFKA.bootstrapServers(), SimulationIT::badAnswer)) {
            report = new Simulation(settings, new MnistTestSetSource(TestDigits.split(10), ImageEncoding.RAW),
                    quiet(), quiet()).run();
        }

        List<Long> lostSequences = sequences(Answer.NONE);
        List<Long> rejectedSequences = sequences(Answer.DEAD_LETTER);
        List<Long> predicted = LongStream.range(0, COUNT)
                .filter(n -> badAnswer(n) == Answer.ONE || badAnswer(n) == Answer.TWO).boxed().toList();
        assertEquals(COUNT, report.sent());
        assertEquals(0, report.sendFailures());
        assertEquals(lostSequences.size(), report.lost());
        assertEquals(rejectedSequences.size(), report.rejected());
        assertEquals(Map.of("corrupt-image", (long) rejectedSequences.size()), report.rejectionReasons());
        assertEquals(predicted.size(), report.predicted());
        assertEquals(sequences(Answer.TWO).size(), report.duplicated());
        assertEquals(0, report.unrelated());
        assertEquals(0, report.malformed());
        assertEquals(lostSequences, report.lostIds().stream().map(PredictingStandIn::sequenceOf).sorted().toList());
        assertFalse(report.successful());
        assertEquals(report.predicted(), report.endToEndLatencyMs().count());
        assertTrue(report.endToEndLatencyMs().p50() > 0);

        // Image n is test digit n % 10 with label n % 10; mlp and the ensemble always say 3, cnn always 5.
        double threes = predicted.stream().filter(n -> n % 10 == PredictingStandIn.MLP_DIGIT).count();
        double fives = predicted.stream().filter(n -> n % 10 == PredictingStandIn.CNN_DIGIT).count();
        assertEquals(threes / predicted.size(), report.models().get("mlp").accuracy(), 1e-12);
        assertEquals(fives / predicted.size(), report.models().get("cnn").accuracy(), 1e-12);
        assertEquals(threes / predicted.size(), report.ensemble().accuracy(), 1e-12);

        Map<String, DigitImage> images = new HashMap<>();
        for (JsonNode json : validEvents(Topics.IMAGES, settings.runId())) {
            DigitImage image = EventJson.mapper().treeToValue(json, DigitImage.class);
            images.put(image.id(), image);
            assertEquals(ImageEncoding.RAW, image.encoding());
            assertEquals(28 * 28, image.decodeData().length);
        }
        assertEquals(COUNT, images.size());

        List<JsonNode> labels = validEvents(Topics.LABELS, settings.runId());
        assertEquals(report.labelsPublished(), labels.size());
        assertTrue(labels.size() > COUNT / 4 && labels.size() < COUNT * 3 / 4,
                "about half the labels are published: " + labels.size());
        for (JsonNode json : labels) {
            DigitLabel label = EventJson.mapper().treeToValue(json, DigitLabel.class);
            assertEquals(PredictingStandIn.sequenceOf(label.id()) % 10, label.label());
            Duration delay = Duration.between(images.get(label.id()).capturedAt(), label.labeledAt());
            assertTrue(delay.compareTo(Duration.ofMillis(300)) >= 0, "label " + label.id() + " came after " + delay);
        }
    }

    @Test
    void theCliExitsZeroAndWritesTheJsonReportWhenEveryImageIsPredicted() throws Exception {
        Path scans = Files.createDirectories(dir.resolve("scans"));
        for (int digit = 0; digit < 10; digit++) {
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(20, 20, 0, 255);
            ImageIO.write(image, "png", scans.resolve(digit + "_scan.png").toFile());
        }
        Path reportFile = dir.resolve("reports/run.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exitCode;
        try (PredictingStandIn standIn = new PredictingStandIn(KAFKA.bootstrapServers(), n -> Answer.ONE)) {
            exitCode = SimulatorCli.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), quiet()).execute(
                    "--bootstrap-servers", KAFKA.bootstrapServers(), "--source", "folder", "--folder", scans.toString(),
                    "--count", "20", "--rate", "200", "--wait-for-predictions", "20s", "--settle", "200ms",
                    "--report-json", reportFile.toString());
        }

        assertEquals(0, exitCode, out.toString(StandardCharsets.UTF_8));
        JsonNode json = EventJson.mapper().readTree(reportFile.toFile());
        assertEquals(20, json.get("sent").asInt());
        assertEquals(20, json.get("predicted").asInt());
        assertEquals(0, json.get("lost").asInt());
        assertEquals(0, json.get("duplicated").asInt());
        assertTrue(json.get("successful").asBoolean());
        assertEquals(20, json.at("/endToEndLatencyMs/count").asInt());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("result        OK"));
    }

    @Test
    void theCliExitsNonZeroWhenPredictionsAreLost() throws Exception {
        Path scans = Files.createDirectories(dir.resolve("scans"));
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(image, "png", scans.resolve("4_scan.png").toFile());

        int exitCode;
        try (PredictingStandIn standIn = new PredictingStandIn(KAFKA.bootstrapServers(),
                n -> n == 2 ? Answer.NONE : Answer.ONE)) {
            exitCode = SimulatorCli.commandLine(quiet(), quiet()).execute(
                    "--bootstrap-servers", KAFKA.bootstrapServers(), "--source", "folder", "--folder", scans.toString(),
                    "--count", "5", "--rate", "100", "--wait-for-predictions", "2s");
        }

        assertEquals(SimulatorCli.EXIT_LOST, exitCode);
    }

    @Test
    void aRampFindsTheRateAServiceOfLimitedCapacityCannotFollow() throws Exception {
        RateSchedule.Ramp ramp = new RateSchedule.Ramp(20, 80, 60, Duration.ofSeconds(4));
        SimulationSettings settings = new SimulationSettings("sim-it-ramp-" + System.nanoTime(),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                ramp, new StopCondition(OptionalLong.empty(), ramp.fullDuration()), 0.1,
                0, Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO, 0.9, Duration.ofSeconds(1), 7);
        SimulationReport report;
        try (PredictingStandIn standIn =
                new PredictingStandIn(KAFKA.bootstrapServers(), n -> Answer.ONE, 40)) {
            report = new Simulation(settings, new MnistTestSetSource(TestDigits.split(10), ImageEncoding.RAW),
                    quiet(), quiet()).run();
        }

        assertEquals(List.of(20.0, 80.0), report.ramp().stream().map(RampStepReport::targetRate).toList());
        assertEquals(report.sent(), report.ramp().stream().mapToLong(RampStepReport::sent).sum());
        // 80 images/s against a 40/s service: predictions cannot keep up, whatever the machine's load.
        RampStepReport fast = report.ramp().get(1);
        assertTrue(fast.sendRate() > 60, "the simulator sent " + fast.sendRate() + "/s in step 2");
        assertFalse(fast.keptUp(0.9), "predictions came back at " + fast.predictionRate() + "/s");
        assertTrue(report.saturationRate() != null && report.saturationRate() <= 80, "saturation "
                + report.saturationRate());
        assertEquals(0, report.lost(), "a saturated service is slow, not lossy");
        assertTrue(report.successful());
    }

    /** Every 5th image gets no answer, every 9th (from 4) a dead letter, every 7th (from 3) two predictions. */
    private static Answer badAnswer(long sequence) {
        if (sequence % 5 == 0) {
            return Answer.NONE;
        }
        if (sequence % 9 == 4) {
            return Answer.DEAD_LETTER;
        }
        return sequence % 7 == 3 ? Answer.TWO : Answer.ONE;
    }

    private static List<Long> sequences(Answer answer) {
        return LongStream.range(0, COUNT).filter(n -> badAnswer(n) == answer).boxed().toList();
    }

    private static SimulationSettings settings(String runId, long count, double labelsFraction, Duration labelsDelay,
            Duration wait) {
        return new SimulationSettings(runId + "-" + System.nanoTime(),
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new RateSchedule.Fixed(300), new StopCondition(OptionalLong.of(count), null), 0.1,
                labelsFraction, labelsDelay, wait, Duration.ofMillis(500), 0.9, Duration.ofSeconds(1), 7);
    }

    /** Every value on the topic from this run, each checked against the topic's JSON Schema. */
    private static List<JsonNode> validEvents(String topic, String runId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!record.key().startsWith(runId)) {
                        continue;
                    }
                    JsonNode json = EventJson.mapper().readTree(record.value());
                    assertEquals(List.of(), EventSchemas.shared().violations(topic, json), record.key());
                    assertEquals(record.key(), json.get("id").asText(), "keyed by image id");
                    events.add(json);
                }
            }
        }
        return events;
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
