package io.digitstream.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.kafka.embedded.EmbeddedKafkaBroker;
import io.digitstream.mnist.MnistDataset;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ModelStore;
import io.digitstream.schemas.ReviewAnswer;
import io.digitstream.schemas.ReviewAnswerSerde;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import io.digitstream.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Closing the loop through a real broker: reviewers' answers on digits.review-answers become a new version trained on
 * MNIST plus those scans, published as the challenger of the store's champion, with how it reads the held-back scans
 * in its manifest and report.
 */
class FromTopicIT {

    private static final Path ROOT = Path.of(System.getProperty("digitstream.root", ".."));
    private static final String THREADS = System.getProperty("digitstream.trainer.threads", "2");
    private static final int SCANS = 200;

    @Test
    void reviewedScansTrainANewChallengerThatReportsHowItReadsTheHeldBackOnes() throws Exception {
        Path store = ROOT.resolve("target/from-topic-store");
        Path reports = ROOT.resolve("target/from-topic-reports");
        QuickProfileIT.deleteRecursively(store);
        String[] quickMlp = {"--profile", "quick", "--models", "mlp", "--time-budget", "0", "--epochs", "1",
                "--threads", THREADS, "--output", store.toString(), "--reports", reports.toString()};
        assertEquals(0, TrainerCli.commandLine().execute(quickMlp), "the champion");
        String champion = ModelStore.readPointer(store).champion();

        MnistDataset mnist = MnistResolver.builder().build().load();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            broker.createTopics(Topics.REVIEW_ANSWERS);
            publishAnswers(broker.bootstrapServers(), mnist);
            List<String> fromTopic = new ArrayList<>(Arrays.asList(quickMlp));
            fromTopic.addAll(List.of("--from-topic", Topics.REVIEW_ANSWERS, "--bootstrap-servers",
                    broker.bootstrapServers(), "--scan-weight", "3"));
            assertEquals(0, TrainerCli.commandLine().execute(fromTopic.toArray(String[]::new)), "the challenger");
        }

        ModelPointer pointer = ModelStore.readPointer(store);
        assertEquals(champion, pointer.champion(), "learning from scans never replaces the champion by itself");
        assertNotEquals(null, pointer.challenger());
        ManifestEntry mlp = ManifestFiles.read(ModelStore.versionDir(store, pointer.challenger())).model("mlp")
                .orElseThrow();
        int trained = ((Number) mlp.training().get("reviewedScansTrained")).intValue();
        int heldBack = ((Number) mlp.training().get("reviewedScansHeldBack")).intValue();
        assertEquals(SCANS - 1, trained + heldBack, "every digit answer is used once; the smudge is left out");
        assertTrue(heldBack >= 20 && heldBack <= 60, "about a fifth held back: " + heldBack);
        double heldBackAccuracy = ((Number) mlp.training().get("reviewedScansHeldBackAccuracy")).doubleValue();
        assertTrue(heldBackAccuracy > 0.5 && heldBackAccuracy <= 1, "reads the held-back scans: " + heldBackAccuracy);

        JsonNode summary = EventJson.mapper().readTree(reports.resolve(pointer.challenger())
                .resolve("reviewed-scans.json").toFile());
        assertEquals(Topics.REVIEW_ANSWERS, summary.path("topic").asText());
        assertEquals(1, summary.path("notADigit").asInt());
        assertEquals(heldBackAccuracy, summary.path("heldBackAccuracy").path("mlp").asDouble(), 1e-12);
        assertTrue(summary.path("heldBackAccuracy").has("ensemble"));
    }

    /** MNIST training digits 0..198 answered with their true label, and one scan answered "not a digit". */
    private static void publishAnswers(String bootstrap, MnistDataset mnist) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        ReviewAnswerSerde.Serializer answers = new ReviewAnswerSerde.Serializer();
        Instant at = Instant.now();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < SCANS; i++) {
                String id = "reviewed-" + i;
                // Training digits: a test digit learnt here would flatter the run's MNIST test accuracy.
                byte[] pixels = mnist.train().images().image(i);
                ReviewItem item = new ReviewItem(ReviewReason.LOW_CONFIDENCE, prediction(id, at),
                        new DigitImage(id, null, at, ImageEncoding.RAW, 28, 28, pixels), at);
                ReviewAnswer answer = i == SCANS - 1
                        ? ReviewAnswer.notADigit("clerk", at, item)
                        : ReviewAnswer.digit(mnist.train().labels().label(i), "clerk", at, item);
                producer.send(new ProducerRecord<>(Topics.REVIEW_ANSWERS, id, answers.serialize(null, answer))).get();
            }
        }
    }

    private static DigitPrediction prediction(String id, Instant at) {
        List<Double> probabilities = new ArrayList<>(Collections.nCopies(10, 0.05));
        probabilities.set(0, 0.55);
        return new DigitPrediction(id, List.of(new ModelPrediction("mlp", "1", 0, 0.55, probabilities, 0.1)),
                new EnsemblePrediction(0, 0.55, probabilities), true, at, at, at);
    }
}
