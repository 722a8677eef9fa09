package io.digitstream.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The example events under {@code schemas/examples/<valid|invalid>/<topic>/}, and how to compare JSON trees. */
final class Examples {

    static final String MANIFEST = "model-manifest";
    static final String POINTER = "model-pointer";

    private static final Path ROOT = Path.of("examples");

    private Examples() {
    }

    static List<Path> files(String validity, String topic) {
        try (Stream<Path> files = Files.list(ROOT.resolve(validity).resolve(topic))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return EventJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Equal as the contract sees it: numbers by value (28 equals 28.0) and timestamps by instant (.5Z equals .500Z),
     * everything else exactly.
     */
    static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual() && !a.equals(b)) {
            return sameInstant(a.textValue(), b.textValue()) ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    private static boolean sameInstant(String a, String b) {
        try {
            return Instant.parse(a).equals(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
