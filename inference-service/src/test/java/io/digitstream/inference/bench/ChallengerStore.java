package io.digitstream.inference.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.ModelPointer;
import io.digitstream.schemas.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * A model store holding one flat set twice, as versions {@code bench-a} and {@code bench-b} (the same ONNX files under
 * two names), for benchmarks of a champion with a challenger and of swaps:
 * <pre>
 * mvn -o -q -pl inference-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.inference.bench.ChallengerStore -Dexec.args="target/quick-models target/bench-store"
 * </pre>
 * then {@code EndToEndBenchmark target/bench-store ...} runs bench-a with bench-b as its challenger.
 */
public final class ChallengerStore {

    public static final String CHAMPION = "bench-a";
    public static final String CHALLENGER = "bench-b";

    private ChallengerStore() {
    }

    public static void main(String[] args) throws IOException {
        Path store = write(Path.of(args[0]), Path.of(args[1]), true);
        System.out.println("model store with champion " + CHAMPION + " and challenger " + CHALLENGER + ": " + store);
    }

    /** Writes the store (replacing one at {@code store}); {@code withChallenger} false points at the champion only. */
    public static Path write(Path set, Path store, boolean withChallenger) throws IOException {
        for (String version : List.of(CHAMPION, CHALLENGER)) {
            Path dir = ModelStore.versionDir(store, version);
            Files.createDirectories(dir);
            ObjectNode manifest = (ObjectNode) EventJson.mapper().readTree(set.resolve(ModelStore.MANIFEST_FILE).toFile());
            manifest.put("runId", version);
            for (JsonNode model : manifest.path("models")) {
                ((ObjectNode) model).put("version", version);
                Files.copy(set.resolve(model.path("file").asText()), dir.resolve(model.path("file").asText()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            EventJson.mapper().writeValue(dir.resolve(ModelStore.MANIFEST_FILE).toFile(), manifest);
        }
        ModelStore.writePointer(store, new ModelPointer(CHAMPION, withChallenger ? CHALLENGER : null, null, Instant.now()));
        return store.toAbsolutePath();
    }
}
