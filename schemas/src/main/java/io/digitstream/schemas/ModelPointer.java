package io.digitstream.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code active.json} at the root of a model store: which immutable version directory ({@code versions/<version>/})
 * serves as the champion, which (if any) runs beside it as a challenger, and the champion before the last change,
 * kept for an immediate rollback. Promotion and rollback are changes of this file only; the service reloads on a change.
 */
public record ModelPointer(int schemaVersion, String champion,
        @JsonInclude(JsonInclude.Include.NON_NULL) String challenger,
        @JsonInclude(JsonInclude.Include.NON_NULL) String previousChampion,
        Instant updatedAt) {

    public ModelPointer {
        Require.schemaVersion(schemaVersion);
        Require.modelSetVersion(champion, "champion");
        if (challenger != null) {
            Require.modelSetVersion(challenger, "challenger");
            if (challenger.equals(champion)) {
                throw new IllegalArgumentException("the challenger must differ from the champion (" + champion + ")");
            }
        }
        if (previousChampion != null) {
            Require.modelSetVersion(previousChampion, "previousChampion");
        }
        Require.present(updatedAt, "updatedAt");
    }

    public ModelPointer(String champion, String challenger, String previousChampion, Instant updatedAt) {
        this(Require.SCHEMA_VERSION, champion, challenger, previousChampion, updatedAt);
    }

    /** {@code version} becomes the champion; the current champion is kept for rollback; a challenger equal to it is cleared. */
    public ModelPointer promote(String version, Instant at) {
        if (version.equals(champion)) {
            return this;
        }
        return new ModelPointer(version, Objects.equals(challenger, version) ? null : challenger, champion, at);
    }

    public ModelPointer withChallenger(String version, Instant at) {
        return new ModelPointer(champion, version, previousChampion, at);
    }

    /** The previous champion serves again and the current one is kept as the previous. */
    public ModelPointer rollback(Instant at) {
        if (previousChampion == null) {
            throw new IllegalStateException("no previous champion to roll back to");
        }
        return new ModelPointer(previousChampion, Objects.equals(challenger, previousChampion) ? null : challenger,
                champion, at);
    }
}
