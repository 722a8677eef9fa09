package io.digitstream.schemas;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The invariants the records enforce in their constructors. They mirror the JSON Schemas, so an event that
 * deserialises into a record is already sane, and a producer cannot build an event the schema would reject.
 */
final class Require {

    /** The only schema version these records describe. */
    static final int SCHEMA_VERSION = EventJson.SCHEMA_VERSION;

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    // A model set's version names its directory in a model store, so it cannot hold a path separator or be "..".
    private static final Pattern MODEL_SET_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Require() {
    }

    static void schemaVersion(int schemaVersion) {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "schemaVersion must be " + SCHEMA_VERSION + " but was " + schemaVersion);
        }
    }

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static String eventId(String id) {
        return matches(id, EVENT_ID, "id", "1 to 128 characters of letters, digits and . _ : -, starting with a letter or digit");
    }

    static String modelName(String name, String field) {
        return matches(name, MODEL_NAME, field, "1 to 64 lower-case letters, digits, _ or -, starting with a letter or digit");
    }

    static String modelSetVersion(String version, String field) {
        return matches(version, MODEL_SET_VERSION, field,
                "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    static String nonBlank(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String text(String value, String field, int maxLength) {
        present(value, field);
        if (value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be 1 to " + maxLength + " characters, not blank");
        }
        return value;
    }

    static int inRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "] but was " + value);
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0 but was " + value);
        }
        return value;
    }

    static double notNegative(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0 but was " + value);
        }
        return value;
    }

    static double unitInterval(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1] but was " + value);
        }
        return value;
    }

    static Double unitIntervalOrNull(Double value, String field) {
        return value == null ? null : unitInterval(value, field);
    }

    /** Ten probabilities, one per digit, each in [0, 1]; returns an immutable copy. */
    static List<Double> probabilities(List<Double> probabilities, String field) {
        List<Double> copy = tenOf(probabilities, field);
        copy.forEach(p -> unitInterval(p, field + " element"));
        return copy;
    }

    /** Ten non-negative counts, one per digit or bucket; returns an immutable copy. */
    static List<Long> counts(List<Long> counts, String field) {
        List<Long> copy = tenOf(counts, field);
        copy.forEach(c -> notNegative(c, field + " element"));
        return copy;
    }

    private static <T> List<T> tenOf(List<T> values, String field) {
        present(values, field);
        if (values.size() != 10 || hasNull(values)) {
            throw new IllegalArgumentException(field + " must hold exactly 10 numbers but held " + values);
        }
        return List.copyOf(values);
    }

    /** A non-empty list without nulls; returns an immutable copy. */
    static <T> List<T> nonEmpty(List<T> values, String field) {
        present(values, field);
        if (values.isEmpty() || hasNull(values)) {
            throw new IllegalArgumentException(field + " must hold at least one element and no nulls");
        }
        return List.copyOf(values);
    }

    // List.contains(null) throws on the immutable lists of List.of, so look element by element.
    private static boolean hasNull(List<?> values) {
        return values.stream().anyMatch(Objects::isNull);
    }

    private static String matches(String value, Pattern pattern, String field, String rule) {
        present(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be " + rule + " but was '" + value + "'");
        }
        return value;
    }
}
