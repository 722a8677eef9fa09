package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The answer for one image on {@link Topics#PREDICTIONS}, keyed by image id: exactly one per valid image.
 *
 * @param agreement   whether every model predicted the ensemble's digit
 * @param capturedAt  copied from the image, so end-to-end latency needs no join
 * @param receivedAt  when the inference service consumed the image
 * @param modelSet    the version (manifest runId) of the champion set that made {@code models} and {@code ensemble};
 *                    null only in events written before model sets were versioned
 * @param challenger  the challenger set's answer on the same batch, when one runs; it decides nothing
 */
public record DigitPrediction(
        int schemaVersion,
        String id,
        List<ModelPrediction> models,
        EnsemblePrediction ensemble,
        boolean agreement,
        Instant capturedAt,
        Instant receivedAt,
        Instant predictedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String modelSet,
        @JsonInclude(JsonInclude.Include.NON_NULL) ChallengerPrediction challenger) {

    public DigitPrediction {
        Require.schemaVersion(schemaVersion);
        Require.eventId(id);
        models = Require.nonEmpty(models, "models");
        Require.present(ensemble, "ensemble");
        Require.present(capturedAt, "capturedAt");
        Require.present(receivedAt, "receivedAt");
        Require.present(predictedAt, "predictedAt");
        if (modelSet != null) {
            Require.text(modelSet, "modelSet", 128);
        }
    }

    public DigitPrediction(String id, List<ModelPrediction> models, EnsemblePrediction ensemble, boolean agreement,
            Instant capturedAt, Instant receivedAt, Instant predictedAt) {
        this(id, models, ensemble, agreement, capturedAt, receivedAt, predictedAt, null, null);
    }

    public DigitPrediction(String id, List<ModelPrediction> models, EnsemblePrediction ensemble, boolean agreement,
            Instant capturedAt, Instant receivedAt, Instant predictedAt, String modelSet, ChallengerPrediction challenger) {
        this(Require.SCHEMA_VERSION, id, models, ensemble, agreement, capturedAt, receivedAt, predictedAt, modelSet,
                challenger);
    }

    /** Capture to prediction, the latency a user of the system experiences. */
    public Duration endToEndLatency() {
        return Duration.between(capturedAt, predictedAt);
    }
}
