package io.digitstream.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The answer for one image on {@link Topics#PREDICTIONS}, keyed by image id: exactly one per valid image.
 *
 * @param agreement   whether every model predicted the ensemble's digit
 * @param capturedAt  copied from the image, so end-to-end latency needs no join
 * @param receivedAt  when the inference service consumed the image
 */
public record DigitPrediction(
        int schemaVersion,
        String id,
        List<ModelPrediction> models,
        EnsemblePrediction ensemble,
        boolean agreement,
        Instant capturedAt,
        Instant receivedAt,
        Instant predictedAt) {

    public DigitPrediction {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        models = Require.nonEmpty(models, "models");
        Require.present(ensemble, "ensemble");
        Require.present(capturedAt, "capturedAt");
        Require.present(receivedAt, "receivedAt");
        Require.present(predictedAt, "predictedAt");
    }

    public DigitPrediction(String id, List<ModelPrediction> models, EnsemblePrediction ensemble, boolean agreement,
            Instant capturedAt, Instant receivedAt, Instant predictedAt) {
        this(Require.SCHEMA_VERSION, id, models, ensemble, agreement, capturedAt, receivedAt, predictedAt);
    }

    /** Capture to prediction, the latency a user of the system experiences. */
    public Duration endToEndLatency() {
        return Duration.between(capturedAt, predictedAt);
    }
}
