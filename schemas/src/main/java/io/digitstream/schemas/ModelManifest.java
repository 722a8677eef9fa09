package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code models/manifest.json}, written by the trainer: the only way the inference service finds models.
 *
 * @param runId    identifies the training run that produced every listed model
 * @param ensemble the fitted soft-vote weights, one per listed model; null (absent in JSON, as in manifests written
 *                 before weights existed) means an equal vote
 * @param smokeTest a few test digits with every model's answer as the trainer measured it; a loading service runs
 *                  them and refuses the set when ONNX Runtime answers differently. Null in manifests written before
 *                  smoke tests existed (checked by checksum and graph contract only)
 */
public record ModelManifest(int schemaVersion, String runId, Instant createdAt, List<ManifestEntry> models,
        @JsonInclude(JsonInclude.Include.NON_NULL) SoftVote ensemble,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<SmokeTestImage> smokeTest) {

    public ModelManifest {
        Require.schemaVersion(schemaVersion);
        Require.text(runId, "runId", 128);
        Require.present(createdAt, "createdAt");
        models = Require.nonEmpty(models, "models");
        if (models.stream().map(ManifestEntry::name).distinct().count() != models.size()) {
            throw new IllegalArgumentException("model names must be unique but were "
                    + models.stream().map(ManifestEntry::name).toList());
        }
        if (ensemble != null) {
            Set<String> named = models.stream().map(ManifestEntry::name).collect(Collectors.toSet());
            if (!ensemble.weights().keySet().equals(named)) {
                throw new IllegalArgumentException("ensemble weights must name exactly the listed models "
                        + named + " but name " + ensemble.weights().keySet());
            }
        }
        if (smokeTest != null) {
            smokeTest = Require.nonEmpty(smokeTest, "smokeTest");
            Set<String> named = models.stream().map(ManifestEntry::name).collect(Collectors.toSet());
            for (SmokeTestImage image : smokeTest) {
                if (!image.expected().keySet().equals(named)) {
                    throw new IllegalArgumentException("every smoke-test image must name exactly the listed models "
                            + named + " but one names " + image.expected().keySet());
                }
            }
        }
    }

    public ModelManifest(String runId, Instant createdAt, List<ManifestEntry> models, SoftVote ensemble) {
        this(Require.SCHEMA_VERSION, runId, createdAt, models, ensemble, null);
    }

    public ModelManifest(String runId, Instant createdAt, List<ManifestEntry> models, SoftVote ensemble,
            List<SmokeTestImage> smokeTest) {
        this(Require.SCHEMA_VERSION, runId, createdAt, models, ensemble, smokeTest);
    }

    /** A manifest with an equal vote. */
    public ModelManifest(String runId, Instant createdAt, List<ManifestEntry> models) {
        this(runId, createdAt, models, null);
    }

    public Optional<ManifestEntry> model(String name) {
        return models.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /** Each model's soft-vote weight, in manifest order: the fitted weights, or equal ones when there are none. */
    public double[] voteWeights() {
        if (ensemble == null) {
            return SoftVote.equalWeights(models.size());
        }
        return models.stream().mapToDouble(entry -> ensemble.weights().get(entry.name())).toArray();
    }
}
