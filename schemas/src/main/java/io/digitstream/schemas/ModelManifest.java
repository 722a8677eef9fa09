package io.digitstream.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code models/manifest.json}, written by the trainer: the only way the inference service finds models.
 *
 * @param runId identifies the training run that produced every listed model
 */
public record ModelManifest(int schemaVersion, String runId, Instant createdAt, List<ManifestEntry> models) {

    public ModelManifest {
        Require.schemaVersion(schemaVersion);
        Require.text(runId, "runId", 128);
        Require.present(createdAt, "createdAt");
        Require.present(models, "models");
        if (models.isEmpty() || models.contains(null)) {
            throw new IllegalArgumentException("models must list at least one model and no nulls");
        }
        if (models.stream().map(ManifestEntry::name).distinct().count() != models.size()) {
            throw new IllegalArgumentException("model names must be unique");
        }
        models = List.copyOf(models);
    }

    public ModelManifest(String runId, Instant createdAt, List<ManifestEntry> models) {
        this(Require.SCHEMA_VERSION, runId, createdAt, models);
    }

    public Optional<ManifestEntry> model(String name) {
        return models.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }
}
