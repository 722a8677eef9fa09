package io.digitstream.schemas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitImageSerde;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DigitPredictionSerde;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventSchemas;
import io.digitstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the contract costs per record: schema validation, the validating deserialisers and serialisation, on the
 * example events (a raw 28x28 image and a four-model prediction). Run with
 * {@code mvn -pl schemas test-compile exec:exec@bench} from the repository root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventCodecBenchmark {

    private static final Path EXAMPLES = Path.of("examples", "valid");

    private final DigitImageSerde images = new DigitImageSerde();
    private final DigitPredictionSerde predictions = new DigitPredictionSerde();
    private byte[] imageBytes;
    private byte[] predictionBytes;
    private JsonNode imageTree;
    private JsonNode predictionTree;
    private DigitPrediction prediction;

    @Setup
    public void readExamples() throws IOException {
        Path module = Files.isDirectory(EXAMPLES) ? Path.of("") : Path.of("schemas");
        imageBytes = Files.readAllBytes(module.resolve(EXAMPLES).resolve("digits.images/raw-28x28-without-form.json"));
        predictionBytes = Files.readAllBytes(module.resolve(EXAMPLES).resolve("digits.predictions/four-models-agree.json"));
        imageTree = EventJson.mapper().readTree(imageBytes);
        predictionTree = EventJson.mapper().readTree(predictionBytes);
        prediction = predictions.deserializer().deserialize(Topics.PREDICTIONS, predictionBytes);
        EventSchemas.shared();
    }

    @Benchmark
    public List<String> validateRawImage() {
        return EventSchemas.shared().violations(Topics.IMAGES, imageTree);
    }

    @Benchmark
    public List<String> validatePrediction() {
        return EventSchemas.shared().violations(Topics.PREDICTIONS, predictionTree);
    }

    @Benchmark
    public DigitImage deserialiseRawImage() {
        return images.deserializer().deserialize(Topics.IMAGES, imageBytes);
    }

    @Benchmark
    public DigitImage mapRawImageWithoutValidation() throws IOException {
        return EventJson.mapper().readValue(imageBytes, DigitImage.class);
    }

    @Benchmark
    public DigitPrediction deserialisePrediction() {
        return predictions.deserializer().deserialize(Topics.PREDICTIONS, predictionBytes);
    }

    @Benchmark
    public byte[] serialisePrediction() {
        return predictions.serializer().serialize(Topics.PREDICTIONS, prediction);
    }
}
