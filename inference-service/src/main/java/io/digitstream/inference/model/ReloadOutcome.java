package io.digitstream.inference.model;

import java.time.Instant;

/**
 * What one reload attempt did.
 *
 * @param trigger  start, change (the poll noticed a new pointer or manifest) or request (POST /api/models/reload)
 * @param message  for a refusal, why, naming the set and the failed check
 */
public record ReloadOutcome(Instant at, String trigger, Result result, String message, String champion,
        String challenger) {

    public enum Result {
        /** A new champion or challenger (or a challenger dropped) serves from the next batch on. */
        SWAPPED,
        /** The source names what already serves. */
        UNCHANGED,
        /** The named sets failed verification; the sets that served before keep serving. */
        REFUSED
    }
}
