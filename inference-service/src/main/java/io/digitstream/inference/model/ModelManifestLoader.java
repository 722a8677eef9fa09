package io.digitstream.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.digitstream.schemas.EventJson;
import io.digitstream.schemas.EventSchemas;
import io.digitstream.schemas.ManifestEntry;
import io.digitstream.schemas.ModelManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads {@code manifest.json} from a model directory and checks every listed file's SHA-256 against it, so the
 * service only ever runs the exact bytes the trainer validated.
 */
public final class ModelManifestLoader {

    public static final String MANIFEST_FILE = "manifest.json";

    private ModelManifestLoader() {
    }

    /** @throws ModelIntegrityException naming the file and both checksums when anything does not match */
    public static ModelManifest load(Path modelDir) {
        Path manifestFile = modelDir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelIntegrityException("no model manifest at " + manifestFile.toAbsolutePath()
                    + " (set digitstream.models.dir to the trainer's output directory)");
        }
        ModelManifest manifest;
        try {
            JsonNode json = EventJson.mapper().readTree(manifestFile.toFile());
            List<String> violations = EventSchemas.shared().manifestViolations(json);
            if (!violations.isEmpty()) {
                throw new ModelIntegrityException("model manifest " + manifestFile.toAbsolutePath()
                        + " violates its schema: " + String.join("; ", violations));
            }
            manifest = EventJson.mapper().treeToValue(json, ModelManifest.class);
        } catch (IOException e) {
            throw new ModelIntegrityException("model manifest " + manifestFile.toAbsolutePath() + " is invalid: "
                    + e.getMessage(), e);
        }
        for (ManifestEntry entry : manifest.models()) {
            verifyChecksum(modelDir.resolve(entry.file()), entry);
        }
        return manifest;
    }

    private static void verifyChecksum(Path file, ManifestEntry entry) {
        if (!Files.isRegularFile(file)) {
            throw new ModelIntegrityException("model '" + entry.name() + "': file " + file.toAbsolutePath()
                    + " listed in the manifest does not exist");
        }
        String actual = sha256(file);
        if (!actual.equals(entry.sha256())) {
            throw new ModelIntegrityException("model '" + entry.name() + "' refused: sha256 of " + file.toAbsolutePath()
                    + " is " + actual + " but the manifest says " + entry.sha256()
                    + " (file changed or corrupted after training)");
        }
    }

    static String sha256(Path file) {
        try {
            return digest(file);
        } catch (IOException e) {
            throw new ModelIntegrityException("cannot read model file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Lower-case hex SHA-256 of a file, as the manifest records it. */
    static String digest(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
