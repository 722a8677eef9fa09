package io.digitstream.inference.kafka;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.digitstream.inference.field.FieldReader;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.FieldEventParser;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldReading;
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
 * Turns one consumed batch of {@code digits.images} and {@code digits.fields} records into every record the service
 * must write for it: one prediction per valid image and one reading per valid field (all models run once over every
 * digit of the batch, single or cut from a field), a review item where a human should look, and a DLQ record, with
 * the original bytes, for each invalid one. Nothing is dropped: every input record yields either an answer or a DLQ
 * record. It has no side effects, so a batch that fails can be processed again, whole or
 * in parts ({@link PoisonRecordIsolator}).
 */
public final class ImageBatchProcessor {

    private final ImageEventParser parser;
    private final FieldEventParser fieldParser;
    private final FieldReader fieldReader;
    private final DigitImagePreprocessor preprocessor;
    private final DigitClassifier classifier;
    private final ReviewPolicy reviewPolicy;
    private final TopicNames topics;
    private final OutputLimits limits;
    private final Clock clock;

    public ImageBatchProcessor(ImageEventParser parser, FieldEventParser fieldParser, FieldReader fieldReader,
            DigitImagePreprocessor preprocessor, DigitClassifier classifier, ReviewPolicy reviewPolicy,
            TopicNames topics, OutputLimits limits, Clock clock) {
        this.parser = parser;
        this.fieldParser = fieldParser;
        this.fieldReader = fieldReader;
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
        List<ParsedRecord> accepted = new ArrayList<>();
        List<ClassificationRequest> requests = new ArrayList<>();
        // Parsing, schema validation, decoding and cutting fields are independent per record and cost about as much
        // as inference, so they use every core; toList() keeps the batch order.
        for (ParsedRecord parsed : records.parallelStream().map(record -> parse(record, receivedAt)).toList()) {
            if (parsed.rejection() == null) {
                accepted.add(parsed);
                requests.addAll(parsed.requests());
            } else {
                outputs.add(deadLetter(parsed.record(), parsed.rejection().reason(), parsed.rejection().getMessage()));
                rejected.add(parsed.rejection().reason());
            }
        }
        // One pass of every model over every digit of the batch, then each record takes its share back in order.
        List<DigitPrediction> predictions = classifier.classify(requests);
        int[] firstPrediction = new int[accepted.size()];
        for (int i = 0, next = 0; i < accepted.size(); i++) {
            firstPrediction[i] = next;
            next += accepted.get(i).requests().size();
        }
        Instant readAt = clock.instant();
        List<AnswerOutputs> serialised = IntStream.range(0, accepted.size()).parallel()
                .mapToObj(i -> {
                    ParsedRecord parsed = accepted.get(i);
                    List<DigitPrediction> share = predictions.subList(firstPrediction[i],
                            firstPrediction[i] + parsed.requests().size());
                    return parsed.field() == null
                            ? outputsFor(share.get(0), parsed)
                            : outputsFor(fieldReader.reading(parsed.field(), share, readAt), parsed);
                })
                .toList();
        int predicted = 0;
        int read = 0;
        for (AnswerOutputs answer : serialised) {
            outputs.addAll(answer.records());
            answer.reviewReason().ifPresent(flagged::add);
            if (answer.field()) {
                read++;
            } else {
                predicted++;
            }
        }
        return new BatchOutputs(outputs, predicted, read, rejected, flagged);
    }

    /** The reading, and a review item with the field's scan when the reading has doubts. */
    private AnswerOutputs outputsFor(FieldReading reading, ParsedRecord parsed) {
        OutputRecord readingRecord = new OutputRecord(topics.fieldReadings(), reading.id(), json(reading));
        if (reading.doubts().isEmpty()) {
            return new AnswerOutputs(List.of(readingRecord), Optional.empty(), true);
        }
        ConsumerRecord<String, byte[]> source = parsed.record();
        ReviewItem item = source.value().length <= limits.maxEmbeddedImageBytes()
                ? ReviewItem.field(reading, parsed.fieldImage(), reading.readAt())
                : ReviewItem.field(reading, reference(source), reading.readAt());
        return new AnswerOutputs(List.of(readingRecord, new OutputRecord(topics.review(), reading.id(), json(item))),
                Optional.of(item.reason()), true);
    }

    private AnswerOutputs outputsFor(DigitPrediction prediction, ParsedRecord parsed) {
        OutputRecord predictionRecord = new OutputRecord(topics.predictions(), prediction.id(), json(prediction));
        Optional<ReviewReason> reason = reviewPolicy.reviewReason(prediction);
        if (reason.isEmpty()) {
            return new AnswerOutputs(List.of(predictionRecord), reason, false);
        }
        ConsumerRecord<String, byte[]> source = parsed.record();
        ReviewItem item = source.value().length <= limits.maxEmbeddedImageBytes()
                ? new ReviewItem(reason.get(), prediction, parsed.image(), prediction.predictedAt())
                : new ReviewItem(reason.get(), prediction, reference(source), prediction.predictedAt());
        return new AnswerOutputs(
                List.of(predictionRecord, new OutputRecord(topics.review(), prediction.id(), json(item))), reason,
                false);
    }

    /** Where a scan too large to embed in its review item can be read back: its original record, checked by SHA-256. */
    private static ImageReference reference(ConsumerRecord<String, byte[]> source) {
        return new ImageReference(source.topic(), source.partition(), source.offset(), source.value().length,
                DeadLetter.sha256(source.value()));
    }

    /** The records one prediction or field reading produces, and why it goes to review if it does. */
    private record AnswerOutputs(List<OutputRecord> records, Optional<ReviewReason> reviewReason, boolean field) {
    }

    private ParsedRecord parse(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        try {
            if (record.topic().equals(topics.fields())) {
                FieldImage field = fieldParser.parse(record.topic(), record.value(), receivedAt);
                FieldReader.PendingField pending = fieldReader.prepare(field, receivedAt);
                return new ParsedRecord(record, null, field, pending, pending.requests(), null);
            }
            DigitImage image = parser.parse(record.topic(), record.value(), receivedAt);
            float[] pixels = preprocessor.pixels(image);
            return new ParsedRecord(record, image, null, null,
                    List.of(new ClassificationRequest(image.id(), image.capturedAt(), receivedAt, pixels)), null);
        } catch (InvalidEventException e) {
            return new ParsedRecord(record, null, null, null, List.of(), e);
        }
    }

    /** A consumed record: a single digit or a field, ready for the models, or rejected with the reason. */
    private record ParsedRecord(ConsumerRecord<String, byte[]> record, DigitImage image, FieldImage fieldImage,
            FieldReader.PendingField field, List<ClassificationRequest> requests, InvalidEventException rejection) {
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
