package io.digitstream.inference.kafka;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.InvalidInputException;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqHeaders;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ReviewItem;
import io.digitstream.schemas.ReviewReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns one consumed batch of {@code digits.images} records into every record the service must write for it: one
 * prediction per valid image (all models run once over the whole batch), a review item where a human should look,
 * and a DLQ record, with the original bytes, for each invalid one. Nothing is dropped: every input record yields
 * either a prediction or a DLQ record.
 */
public final class ImageBatchProcessor {

    private final ImageEventParser parser;
    private final DigitImagePreprocessor preprocessor;
    private final DigitClassifier classifier;
    private final ReviewPolicy reviewPolicy;
    private final OutputTopics topics;
    private final PipelineObserver observer;
    private final Clock clock;

    public ImageBatchProcessor(ImageEventParser parser, DigitImagePreprocessor preprocessor, DigitClassifier classifier,
            ReviewPolicy reviewPolicy, OutputTopics topics, PipelineObserver observer, Clock clock) {
        this.parser = parser;
        this.preprocessor = preprocessor;
        this.classifier = classifier;
        this.reviewPolicy = reviewPolicy;
        this.topics = topics;
        this.observer = observer;
        this.clock = clock;
    }

    /** @throws OrtException when inference itself fails; the caller aborts the transaction so the batch is retried */
    public List<OutputRecord> process(List<ConsumerRecord<String, byte[]>> records) throws OrtException {
        Instant receivedAt = clock.instant();
        observer.batchConsumed(records.size());
        List<OutputRecord> outputs = new ArrayList<>();
        List<DigitImage> images = new ArrayList<>();
        List<ClassificationRequest> requests = new ArrayList<>();
        // Parsing, schema validation and decoding are independent per record and cost about as much as inference,
        // so they use every core; toList() keeps the batch order.
        for (ParsedRecord parsed : records.parallelStream().map(record -> parse(record, receivedAt)).toList()) {
            if (parsed.rejection() == null) {
                images.add(parsed.image());
                requests.add(parsed.request());
            } else {
                outputs.add(deadLetter(parsed.record(), parsed.rejection()));
                observer.rejected(parsed.rejection().reason());
            }
        }
        List<DigitPrediction> predictions = classifier.classify(requests);
        List<PredictionOutputs> serialised = IntStream.range(0, predictions.size()).parallel()
                .mapToObj(i -> outputsFor(predictions.get(i), images.get(i)))
                .toList();
        for (PredictionOutputs prediction : serialised) {
            outputs.addAll(prediction.records());
            prediction.reviewReason().ifPresent(observer::flaggedForReview);
        }
        observer.predicted(predictions.size());
        return outputs;
    }

    private PredictionOutputs outputsFor(DigitPrediction prediction, DigitImage image) {
        OutputRecord predictionRecord = new OutputRecord(topics.predictions(), prediction.id(), json(prediction));
        Optional<ReviewReason> reason = reviewPolicy.reviewReason(prediction);
        if (reason.isEmpty()) {
            return new PredictionOutputs(List.of(predictionRecord), reason);
        }
        ReviewItem item = new ReviewItem(reason.get(), prediction, image, prediction.predictedAt());
        return new PredictionOutputs(
                List.of(predictionRecord, new OutputRecord(topics.review(), prediction.id(), json(item))), reason);
    }

    /** The records one prediction produces, and why it goes to review if it does. */
    private record PredictionOutputs(List<OutputRecord> records, Optional<ReviewReason> reviewReason) {
    }

    private ParsedRecord parse(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        try {
            DigitImage image = parser.parse(record.value());
            float[] pixels = preprocessor.pixels(image);
            return new ParsedRecord(record, image,
                    new ClassificationRequest(image.id(), image.capturedAt(), receivedAt, pixels), null);
        } catch (InvalidInputException e) {
            return new ParsedRecord(record, null, null, e);
        }
    }

    /** A consumed record, either ready for the models or rejected with the reason. */
    private record ParsedRecord(ConsumerRecord<String, byte[]> record, DigitImage image, ClassificationRequest request,
            InvalidInputException rejection) {
    }

    /** The original bytes and headers, untouched, plus the DLQ headers saying why and where from, for a replay. */
    private OutputRecord deadLetter(ConsumerRecord<String, byte[]> record, InvalidInputException rejection) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(DlqHeaders.REASON, utf8(rejection.reason().code()));
        headers.add(DlqHeaders.DETAIL, utf8(rejection.getMessage()));
        headers.add(DlqHeaders.TOPIC, utf8(record.topic()));
        headers.add(DlqHeaders.PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DlqHeaders.OFFSET, utf8(Long.toString(record.offset())));
        return new OutputRecord(topics.dlq(), record.key(), record.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(Object event) {
        try {
            return EventJson.mapper().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }
}
