package io.digitstream.inference.metrics;

import io.digitstream.schemas.ModelRole;

/**
 * One series of live metrics: a model (or the ensemble) of one model set version in one role. Its key,
 * {@code <role>:<model>@<version>}, keys the observations, the stores and the records on {@code digits.metrics}, so a
 * new version starts its own counts instead of mixing into the old one's, and a challenger never mixes with the
 * champion even when both have a model of the same name.
 */
record MetricSeries(ModelRole role, String model, String version) {

    static String key(ModelRole role, String model, String version) {
        return role.wireName() + ":" + model + "@" + version;
    }

    String key() {
        return key(role, model, version);
    }

    /** The name the dashboard shows: the model for the champion, {@code challenger:<model>} for a challenger. */
    String displayName() {
        return role == ModelRole.CHAMPION ? model : role.wireName() + ":" + model;
    }

    /**
     * The series a key names. A bare model name is a key written before series had roles and versions (still in a
     * join store's state for up to its retention after an upgrade): the champion's, version unknown (null).
     */
    static MetricSeries parse(String key) {
        int colon = key.indexOf(':');
        int at = key.indexOf('@', colon + 1);
        if (colon < 0 && at < 0) {
            return new MetricSeries(ModelRole.CHAMPION, key, null);
        }
        if (colon < 0 || at < 0) {
            throw new IllegalArgumentException("not a metric series key (<role>:<model>@<version>): '" + key + "'");
        }
        return new MetricSeries(ModelRole.fromWireName(key.substring(0, colon)), key.substring(colon + 1, at),
                key.substring(at + 1));
    }
}
