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
        models = Require.nonEmpty(models, "models");
        if (models.stream().map(ManifestEntry::name).distinct().count() != models.size()) {
            throw new IllegalArgumentException("model names must be unique but were "
                    + models.stream().map(ManifestEntry::name).toList());
        }
    }

    public ModelManifest(String runId, Instant createdAt, List<ManifestEntry> models) {
        this(Require.SCHEMA_VERSION, runId, createdAt, models);
    }

    public Optional<ManifestEntry> model(String name) {
        return models.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }
}
