package io.digitstream.inference.api;

import ai.onnxruntime.OrtException;
import io.digitstream.inference.model.ClassificationRequest;
import io.digitstream.inference.model.DigitClassifier;
import io.digitstream.inference.preprocess.DigitImagePreprocessor;
import io.digitstream.inference.preprocess.ImageEventParser;
import io.digitstream.schemas.DigitImage;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.schemas.InvalidEventException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Synchronous prediction for one image, through the same validation, preprocessing and models as the Kafka path:
 * a {@code digits.images} JSON event, a PNG/JPEG body, 784 raw MNIST bytes, or a multipart upload. Each takes a
 * {@link PredictionSlots} slot for all its work, or is refused with 429 when none is free.
 */
@Path("/api/predict")
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {

    static final String IMAGE_PNG = Uploads.IMAGE_PNG;
    static final String IMAGE_JPEG = Uploads.IMAGE_JPEG;

    private final ImageEventParser parser;
    private final DigitImagePreprocessor preprocessor;
    private final DigitClassifier classifier;
    private final PredictionSlots slots;

    public PredictResource(ImageEventParser parser, DigitImagePreprocessor preprocessor, DigitClassifier classifier,
            PredictionSlots slots) {
        this.parser = parser;
        this.preprocessor = preprocessor;
        this.classifier = classifier;
        this.slots = slots;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public DigitPrediction predictEvent(byte[] body)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> {
            DigitImage image = parser.parse(body);
            return classify(image.id(), image.capturedAt(), preprocessor.pixels(image));
        });
    }

    @POST
    @Consumes(IMAGE_PNG)
    public DigitPrediction predictPng(byte[] body)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> classifyFile(body, ImageEncoding.PNG));
    }

    @POST
    @Consumes(IMAGE_JPEG)
    public DigitPrediction predictJpeg(byte[] body)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> classifyFile(body, ImageEncoding.JPEG));
    }

    /** 784 unsigned bytes, row-major, MNIST polarity: the {@code raw} encoding of the event contract. */
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public DigitPrediction predictRaw(byte[] body)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        return inSlot(() -> classifyFile(body, ImageEncoding.RAW));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public DigitPrediction predictUpload(@RestForm("file") FileUpload file)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        Uploads.required(file);
        return inSlot(() -> classifyFile(Uploads.bytes(file), Uploads.encoding(file.contentType(), true)));
    }

    /** The work of one request, run while it holds a prediction slot. */
    private interface Prediction {
        DigitPrediction run() throws InvalidEventException, OrtException;
    }

    private DigitPrediction inSlot(Prediction prediction)
            throws InvalidEventException, OrtException, TooManyPredictionsException {
        try (PredictionSlots.Slot slot = slots.acquire()) {
            return prediction.run();
        }
    }

    private DigitPrediction classifyFile(byte[] bytes, ImageEncoding encoding) throws InvalidEventException, OrtException {
        return classify("upload-" + UUID.randomUUID(), Instant.now(), preprocessor.pixels(bytes, encoding));
    }

    private DigitPrediction classify(String id, Instant capturedAt, float[] pixels) throws OrtException {
        return classifier.classify(List.of(new ClassificationRequest(id, capturedAt, Instant.now(), pixels))).get(0);
    }
}
