package io.digitstream.inference;

import io.digitstream.inference.api.PredictionSlots;
import io.digitstream.inference.kafka.ImageBatchProcessor;
import io.digitstream.inference.kafka.OutputLimits;
import io.digitstream.inference.kafka.PoisonRecordIsolator;
import io.digitstream.inference.field.FieldReader;
import io.digitstream.inference.kafka.TopicNames;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.ModelRegistry;
import io.digitstream.inference.model.ModelSource;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.FieldEventParser;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.digitstream.inference.role.DeploymentRoles;
import io.digitstream.schemas.DeadLetter;
import io.digitstream.schemas.EventTimeWindow;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the plain (framework-free) pipeline objects from configuration, so the same classes run in Quarkus, in unit
 * tests and in the benchmark harness.
 */
@ApplicationScoped
public class InferenceBeans {

    @Produces
    @Singleton
    ImageLimits imageLimits(@ConfigProperty(name = "digitstream.limits.max-payload-bytes") int maxPayloadBytes,
            @ConfigProperty(name = "digitstream.limits.max-image-width") int maxWidth,
            @ConfigProperty(name = "digitstream.limits.max-image-height") int maxHeight,
            @ConfigProperty(name = "digitstream.limits.max-image-pixels") long maxPixels,
            @ConfigProperty(name = "digitstream.limits.max-decode-pixels") long maxDecodePixels) {
        return new ImageLimits(maxPayloadBytes, maxWidth, maxHeight, maxPixels, maxDecodePixels);
    }

    @Produces
    @Singleton
    ImageEventParser imageEventParser(ImageLimits limits,
            @ConfigProperty(name = "digitstream.validation.schema-check") ImageEventParser.SchemaCheck schemaCheck,
            EventTimeWindow timeWindow) {
        return new ImageEventParser(limits, schemaCheck, timeWindow, Clock.systemUTC());
    }

    @Produces
    @Singleton
    FieldEventParser fieldEventParser(ImageLimits limits, EventTimeWindow timeWindow) {
        return new FieldEventParser(limits, timeWindow);
    }

    @Produces
    @Singleton
    FieldReader fieldReader(DigitImagePreprocessor preprocessor,
            @ConfigProperty(name = "digitstream.review.confidence-threshold") double threshold) {
        return new FieldReader(preprocessor, threshold);
    }

    @Produces
    @Singleton
    EventTimeWindow eventTimeWindow(@ConfigProperty(name = "digitstream.time.max-age") Duration maxAge,
            @ConfigProperty(name = "digitstream.time.max-future-skew") Duration maxFutureSkew) {
        return new EventTimeWindow(maxAge, maxFutureSkew);
    }

    @Produces
    @Singleton
    DigitImagePreprocessor preprocessor(ImageLimits limits,
            @ConfigProperty(name = "digitstream.preprocess.ink-threshold") double inkThreshold) {
        return new DigitImagePreprocessor(limits, new MnistNormalizer(inkThreshold));
    }

    @Produces
    @Singleton
    PredictionSlots predictionSlots(@ConfigProperty(name = "digitstream.api.max-concurrent-predictions") int configured) {
        return PredictionSlots.of(configured, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loaded at startup when this process runs inference ({@link #loadModelsAtStart}): a missing or tampered model stops
     * the service with the reason instead of failing later. A live-metrics-only process never loads them. Later changes
     * of the model store's pointer are picked up by {@link io.digitstream.inference.model.ModelReloader}.
     */
    @Produces
    @Singleton
    ModelRegistry modelRegistry(@ConfigProperty(name = "digitstream.models.dir") Path modelDir,
            @ConfigProperty(name = "digitstream.onnx.intra-op-threads") int intraOpThreads,
            @ConfigProperty(name = "digitstream.onnx.inter-op-threads") int interOpThreads, ServiceMetrics metrics) {
        return ModelRegistry.open(new ModelSource(modelDir), new OnnxThreads(intraOpThreads, interOpThreads),
                Clock.systemUTC(), metrics);
    }

    void closeModelRegistry(@Disposes ModelRegistry models) {
        models.close();
    }

    void loadModelsAtStart(@Observes StartupEvent start, DeploymentRoles roles, Instance<ModelRegistry> models) {
        if (roles.inference()) {
            models.get().current();
        }
    }

    @Produces
    @Singleton
    DigitClassifier classifier(ModelRegistry models, ServiceMetrics metrics) {
        return new DigitClassifier(models, metrics, Clock.systemUTC());
    }

    @Produces
    @Singleton
    ReviewPolicy reviewPolicy(@ConfigProperty(name = "digitstream.review.confidence-threshold") double threshold) {
        return new ReviewPolicy(threshold);
    }

    @Produces
    @Singleton
    TopicNames topicNames(@ConfigProperty(name = "digitstream.topics.images") String images,
            @ConfigProperty(name = "digitstream.topics.labels") String labels,
            @ConfigProperty(name = "digitstream.topics.predictions") String predictions,
            @ConfigProperty(name = "digitstream.topics.review") String review,
            @ConfigProperty(name = "digitstream.topics.review-answers") String reviewAnswers,
            @ConfigProperty(name = "digitstream.topics.dlq") String dlq,
            @ConfigProperty(name = "digitstream.topics.metrics") String metrics,
            @ConfigProperty(name = "digitstream.topics.fields") String fields,
            @ConfigProperty(name = "digitstream.topics.field-readings") String fieldReadings,
            @ConfigProperty(name = "digitstream.topics.field-labels") String fieldLabels) {
        return new TopicNames(images, labels, predictions, review, reviewAnswers, dlq, metrics, fields, fieldReadings,
                fieldLabels);
    }

    /**
     * Refuses to start with a size budget that cannot hold what the service writes: a review item may embed an image
     * of up to the payload limit, and a dead letter needs room for its headers.
     */
    @Produces
    @Singleton
    ImageBatchProcessor batchProcessor(ImageEventParser parser, FieldEventParser fieldParser, FieldReader fieldReader,
            DigitImagePreprocessor preprocessor,
            DigitClassifier classifier, ReviewPolicy reviewPolicy, ImageLimits limits,
            @ConfigProperty(name = "digitstream.limits.max-record-bytes") int maxRecordBytes,
            @ConfigProperty(name = "digitstream.review.max-embedded-image-bytes") int maxEmbeddedImageBytes,
            TopicNames topics) {
        long needed = Math.max(DeadLetter.MIN_RECORD_BYTES, (long) limits.maxPayloadBytes() + REVIEW_ITEM_OVERHEAD);
        if (maxRecordBytes < needed) {
            throw new IllegalArgumentException("digitstream.limits.max-record-bytes (" + maxRecordBytes
                    + ") must be at least digitstream.limits.max-payload-bytes (" + limits.maxPayloadBytes() + ") + "
                    + REVIEW_ITEM_OVERHEAD + " = " + needed + ", or review items and dead letters of valid-sized"
                    + " images could not be written; see docs/operations.md, 'Size budget'");
        }
        return new ImageBatchProcessor(parser, fieldParser, fieldReader, preprocessor, classifier, reviewPolicy,
                topics, new OutputLimits(maxRecordBytes, maxEmbeddedImageBytes),
                Clock.systemUTC());
    }

    /** Room for a review item's prediction and framing beside the embedded image event (predictions are ~5 KB). */
    static final int REVIEW_ITEM_OVERHEAD = 64 * 1024;

    @Produces
    @Singleton
    PoisonRecordIsolator poisonRecordIsolator(ImageBatchProcessor processor, ServiceMetrics metrics,
            @ConfigProperty(name = "digitstream.failures.batch-retries") int retries,
            @ConfigProperty(name = "digitstream.failures.retry-backoff") Duration backoff) {
        return new PoisonRecordIsolator(processor, retries, backoff, metrics,
                duration -> Thread.sleep(duration.toMillis()), Clock.systemUTC());
    }
}
