package io.digitstream.inference;

import io.digitstream.inference.api.PredictionSlots;
import io.digitstream.inference.kafka.ImageBatchProcessor;
import io.digitstream.inference.kafka.OutputTopics;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.model.ModelSet;
import io.digitstream.inference.model.OnnxThreads;
import io.digitstream.inference.model.ReviewPolicy;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.inference.preprocess.ImageLimits;
import io.digitstream.inference.preprocess.MnistNormalizer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
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
            @ConfigProperty(name = "digitstream.validation.schema-check") ImageEventParser.SchemaCheck schemaCheck) {
        return new ImageEventParser(limits, schemaCheck);
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

    /** Loaded at startup: a missing or tampered model stops the service with the reason instead of failing later. */
    @Produces
    @Singleton
    @Startup
    ModelSet modelSet(@ConfigProperty(name = "digitstream.models.dir") Path modelDir,
            @ConfigProperty(name = "digitstream.onnx.intra-op-threads") int intraOpThreads,
            @ConfigProperty(name = "digitstream.onnx.inter-op-threads") int interOpThreads) {
        return ModelSet.load(modelDir, new OnnxThreads(intraOpThreads, interOpThreads));
    }

    void closeModelSet(@Disposes ModelSet models) {
        models.close();
    }

    @Produces
    @Singleton
    DigitClassifier classifier(ModelSet models, ServiceMetrics metrics) {
        return new DigitClassifier(models, metrics, Clock.systemUTC());
    }

    @Produces
    @Singleton
    ReviewPolicy reviewPolicy(@ConfigProperty(name = "digitstream.review.confidence-threshold") double threshold) {
        return new ReviewPolicy(threshold);
    }

    @Produces
    @Singleton
    ImageBatchProcessor batchProcessor(ImageEventParser parser, DigitImagePreprocessor preprocessor,
            DigitClassifier classifier, ReviewPolicy reviewPolicy, ServiceMetrics metrics,
            @ConfigProperty(name = "digitstream.topics.predictions") String predictions,
            @ConfigProperty(name = "digitstream.topics.review") String review,
            @ConfigProperty(name = "digitstream.topics.dlq") String dlq) {
        return new ImageBatchProcessor(parser, preprocessor, classifier, reviewPolicy,
                new OutputTopics(predictions, review, dlq), metrics, Clock.systemUTC());
    }
}
