package io.digitstream.inference.model;

import java.time.Instant;
import java.util.Optional;

/**
 * The sets one batch is classified with: the champion, which decides, and optionally a challenger, which is only
 * scored. A batch takes one of these and keeps it to the end, so no batch mixes versions.
 */
public record ServingModels(Loaded champion, Optional<Loaded> challenger) {

    /** A verified set and when this service loaded it. */
    public record Loaded(ModelSet set, ModelSource.SetLocation location, Instant loadedAt) {
    }

    boolean uses(ModelSet set) {
        return champion.set() == set || challenger.map(loaded -> loaded.set() == set).orElse(false);
    }
}
