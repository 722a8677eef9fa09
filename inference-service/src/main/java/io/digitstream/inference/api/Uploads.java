package io.digitstream.inference.api;

import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The multipart part {@code file} that {@code /api/predict} and {@code /api/read} take. */
final class Uploads {

    static final String IMAGE_PNG = "image/png";
    static final String IMAGE_JPEG = "image/jpeg";

    private Uploads() {
    }

    /** @throws InvalidEventException when the request has no part named {@code file} */
    static FileUpload required(FileUpload file) throws InvalidEventException {
        if (file == null) {
            throw new InvalidEventException(DlqReason.SCHEMA_VIOLATION, "multipart request needs a part named 'file'");
        }
        return file;
    }

    /** The uploaded bytes, which Quarkus kept in a temporary file. */
    static byte[] bytes(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uploaded file back from disk", e);
        }
    }

    /**
     * @param rawAccepted whether {@code application/octet-stream} (784 raw MNIST bytes) is taken here
     * @throws InvalidEventException ({@code corrupt-image}) for any other content type
     */
    static ImageEncoding encoding(String contentType, boolean rawAccepted) throws InvalidEventException {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(IMAGE_PNG)) {
            return ImageEncoding.PNG;
        }
        if (type.startsWith(IMAGE_JPEG)) {
            return ImageEncoding.JPEG;
        }
        if (rawAccepted && type.startsWith(MediaType.APPLICATION_OCTET_STREAM)) {
            return ImageEncoding.RAW;
        }
        throw new InvalidEventException(DlqReason.CORRUPT_IMAGE, "uploaded file has content type '" + contentType
                + "'; expected image/png" + (rawAccepted
                        ? ", image/jpeg or application/octet-stream (784 raw MNIST bytes)" : " or image/jpeg"));
    }
}
