package io.digitstream.inference.kafka;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ImageReference;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one consumed batch of {@code digits.images} records into every record the service must write for it: one
 * prediction per valid image (all models run once over the whole batch), a review item where a human should look,
 * and a DLQ record, with the original bytes, for each invalid one. Nothing is dropped: every input record yields
 * either a prediction or a DLQ record. It has no side effects, so a batch that fails can be processed again, whole or
 * in parts ({@link PoisonRecordIsolator}).
 */
public final class ImageBatchProcessor {

    private final ImageEventParser parser;
    private final DigitImagePreprocessor preprocessor;
    private final DigitClassifier classifier;
    private final ReviewPolicy reviewPolicy;
    private final TopicNames topics;
    private final OutputLimits limits;
    private final Clock clock;

    public ImageBatchProcessor(ImageEventParser parser, DigitImagePreprocessor preprocessor, DigitClassifier classifier,
            ReviewPolicy reviewPolicy, TopicNames topics, OutputLimits limits, Clock clock) {
        this.parser = parser;
        this.preprocessor = preprocessor;
        this.classifier = classifier;
        this.reviewPolicy = reviewPolicy;
        this.topics = topics;
        this.limits = limits;
        this.clock = clock;
    }

    /** @throws OrtException when inference itself fails, a fault of the service rather than of one input */
    public BatchOutputs process(List<ConsumerRecord<String, byte[]>> records) throws OrtException {
        Instant receivedAt = clock.instant();
        List<OutputRecord> outputs = new ArrayList<>();
        List<DlqReason> rejected = new ArrayList<>();
        List<ReviewReason> flagged = new ArrayList<>();
        List<ParsedRecord> images = new ArrayList<>();
        List<ClassificationRequest> requests = new ArrayList<>();
        // Parsing, schema validation and decoding are independent per record and cost about as much as inference,
        // so they use every core; toList() keeps the batch order.
        for (ParsedRecord parsed : records.parallelStream().map(record -> parse(record, receivedAt)).toList()) {
            if (parsed.rejection() == null) {
                images.add(parsed);
                requests.add(parsed.request());
            } else {
                outputs.add(deadLetter(parsed.record(), parsed.rejection().reason(), parsed.rejection().getMessage()));
                rejected.add(parsed.rejection().reason());
            }
        }
        List<DigitPrediction> predictions = classifier.classify(requests);
        List<PredictionOutputs> serialised = IntStream.range(0, predictions.size()).parallel()
                .mapToObj(i -> outputsFor(predictions.get(i), images.get(i)))
                .toList();
        for (PredictionOutputs prediction : serialised) {
            outputs.addAll(prediction.records());
            prediction.reviewReason().ifPresent(flagged::add);
        }
        return new BatchOutputs(outputs, predictions.size(), rejected, flagged);
    }

    private PredictionOutputs outputsFor(DigitPrediction prediction, ParsedRecord parsed) {
        OutputRecord predictionRecord = new OutputRecord(topics.predictions(), prediction.id(), json(prediction));
        Optional<ReviewReason> reason = reviewPolicy.reviewReason(prediction);
        if (reason.isEmpty()) {
            return new PredictionOutputs(List.of(predictionRecord), reason);
        }
        ConsumerRecord<String, byte[]> source = parsed.record();
        ReviewItem item = source.value().length <= limits.maxEmbeddedImageBytes()
                ? new ReviewItem(reason.get(), prediction, parsed.image(), prediction.predictedAt())
                : new ReviewItem(reason.get(), prediction, new ImageReference(source.topic(), source.partition(),
                        source.offset(), source.value().length, DeadLetter.sha256(source.value())),
                        prediction.predictedAt());
        return new PredictionOutputs(
                List.of(predictionRecord, new OutputRecord(topics.review(), prediction.id(), json(item))), reason);
    }

    /** The records one prediction produces, and why it goes to review if it does. */
    private record PredictionOutputs(List<OutputRecord> records, Optional<ReviewReason> reviewReason) {
    }

    private ParsedRecord parse(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        try {
            DigitImage image = parser.parse(record.topic(), record.value(), receivedAt);
            float[] pixels = preprocessor.pixels(image);
            return new ParsedRecord(record, image,
                    new ClassificationRequest(image.id(), image.capturedAt(), receivedAt, pixels), null);
        } catch (InvalidEventException e) {
            return new ParsedRecord(record, null, null, e);
        }
    }

    /** A consumed record, either ready for the models or rejected with the reason. */
    private record ParsedRecord(ConsumerRecord<String, byte[]> record, DigitImage image, ClassificationRequest request,
            InvalidEventException rejection) {
    }

    /** The original record, as much of it as fits, plus the DLQ headers saying why and where from, for a replay. */
    OutputRecord deadLetter(ConsumerRecord<String, byte[]> record, DlqReason reason, String detail) {
        DeadLetter letter = DeadLetter.of(new DeadLetter.Source(record.topic(), record.partition(), record.offset()),
                record.key(), record.value(), record.headers(), reason, detail, limits.maxRecordBytes());
        return new OutputRecord(topics.dlq(), letter.key(), letter.value(), letter.headers());
    }

    private static byte[] json(Object event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }
}
