package io.digitstream.inference.api;

import ai.onnxruntime.OrtException;
import io.digitstream.inference.field.FieldReader;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.preprocess.FieldEventParser;
import io.digitstream.schemas.DlqReason;
import io.digitstream.schemas.FieldImage;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import io.digitstream.schemas.LengthRange;
import io.digitstream.schemas.Topics;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Synchronous reading of one form field, through the same validation, segmentation and models as the Kafka path: a
 * {@code digits.fields} JSON event, a PNG/JPEG body, or a multipart upload (part {@code file}). For a body or upload,
 * {@code length} (a query parameter, or a form part) gives the length hint: {@code 5} or a range {@code 1-7}. The
 * answer is the {@link FieldReading}, whose top-level {@code value} is the string read. Each request takes a
 * {@link PredictionSlots} slot, or is refused with 429.
 */
@Path("/api/read")
@Produces(MediaType.APPLICATION_JSON)
public class ReadResource {

    private static final Pattern LENGTH = Pattern.compile("([0-9]{1,2})(?:-([0-9]{1,2}))?");

    private final FieldEventParser parser;
    private final FieldReader reader;
    private final DigitClassifier classifier;
    private final PredictionSlots slots;

    public ReadResource(FieldEventParser parser, FieldReader reader, DigitClassifier classifier, PredictionSlots slots) {
        this.parser = parser;
        this.reader = reader;
        this.classifier = classifier;
        this.slots = slots;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public FieldReading readEvent(byte[] body) throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> {
            Instant now = Instant.now();
            FieldImage field = parser.parse(Topics.FIELDS, body, now);
            return read(reader.prepare(field, now));
        });
    }

    @POST
    @Consumes(PredictResource.IMAGE_PNG)
    public FieldReading readPng(byte[] body, @QueryParam("length") String length)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> readFile(body, ImageEncoding.PNG, length));
    }

    @POST
    @Consumes(PredictResource.IMAGE_JPEG)
    public FieldReading readJpeg(byte[] body, @QueryParam("length") String length)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> readFile(body, ImageEncoding.JPEG, length));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public FieldReading readUpload(@RestForm("file") FileUpload file, @RestForm("length") String formLength,
            @QueryParam("length") String queryLength)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        Uploads.required(file);
        return inSlot(() -> readFile(Uploads.bytes(file), Uploads.encoding(file.contentType(), false),
                formLength != null ? formLength : queryLength));
    }

    /** {@code 5} or {@code 1-7}: 1 to 32 digits, the smaller first. */
    static Optional<LengthRange> lengthHint(String length) throws InvalidEventException {
        if (length == null || length.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = LENGTH.matcher(length);
        try {
            if (m.matches()) {
                int min = Integer.parseInt(m.group(1));
                return Optional.of(new LengthRange(min, m.group(2) == null ? min : Integer.parseInt(m.group(2))));
            }
        } catch (IllegalArgumentException e) {
            // out of range, or the smaller last: refused below with the rule
        }
        String shown = length.length() > 20 ? length.substring(0, 20) + "..." : length;
        throw new InvalidEventException(DlqReason.SCHEMA_VIOLATION, "length '" + shown + "' must be a number of digits"
                + " (5) or a range (1-7), within 1.." + FieldImage.MAX_DIGITS + ", the smaller first");
    }

    private interface Reading {
        FieldReading run() throws InvalidEventException, OrtException;
    }

    private FieldReading inSlot(Reading reading) throws InvalidEventException, OrtException, TooManyPredictionsException {
        try (PredictionSlots.Slot slot = slots.acquire()) {
            return reading.run();
        }
    }

    private FieldReading readFile(byte[] bytes, ImageEncoding encoding, String length)
            throws InvalidEventException, OrtException {
        Instant now = Instant.now();
        return read(reader.prepare("upload-" + UUID.randomUUID(), bytes, encoding, lengthHint(length), now));
    }

    private FieldReading read(FieldReader.PendingField pending) throws OrtException {
        return reader.reading(pending, classifier.classify(pending.requests()), Instant.now());
    }
}
