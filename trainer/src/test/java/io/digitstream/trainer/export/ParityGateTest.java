package io.digitstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.SoftVote;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.DigitModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityGateTest {

    private static final int IMAGES = 20;

    @TempDir
    static Path dir;
    private static Path file;
    private static float[] pixels;
    private static float[][] engineLogits;

    @BeforeAll
    static void exportAnMlp() throws IOException {
        try (RandomlyTrainedBlock trained = RandomlyTrainedBlock.train(
                Architecture.MLP, DigitModels.of(Architecture.MLP).defaults(), 7)) {
            file = dir.resolve("mlp.onnx");
            OnnxExporter.export(Architecture.MLP, trained.hyperparameters, trained.block(), file);
            pixels = RandomlyTrainedBlock.randomPixels(new Random(8), IMAGES);
            engineLogits = trained.logits(pixels);
        }
    }

    @Test
    void acceptsDifferencesWithinTolerance() {
        float[][] shifted = copy(engineLogits);
        shifted[3][4] += 5e-5f;
        ParityReport report = ParityGate.verify(file, pixels, shifted);
        assertTrue(report.maxAbsLogitDelta() > 4e-5 && report.maxAbsLogitDelta() <= 1e-4, report.toString());
        assertEquals(1.0, report.argmaxAgreement());
    }

    @Test
    void rejectsOneLogitJustOverTolerance() {
        float[][] shifted = copy(engineLogits);
        shifted[IMAGES - 1][0] += 3e-4f;
        ParityException rejected = assertThrows(ParityException.class,
                () -> ParityGate.verify(file, pixels, shifted));
        assertTrue(rejected.report().maxAbsLogitDelta() > 2e-4, rejected.getMessage());
        assertEquals(1.0, rejected.report().argmaxAgreement());
        assertTrue(rejected.getMessage().contains("max |logit delta|"), rejected.getMessage());
    }

    @Test
    void countsArgmaxDisagreements() {
        float[][] swapped = copy(engineLogits);
        int top = SoftVote.argmax(swapped[0]);
        int other = (top + 1) % 10;
        float kept = swapped[0][top];
        swapped[0][top] = swapped[0][other];
        swapped[0][other] = kept;
        ParityException rejected = assertThrows(ParityException.class,
                () -> ParityGate.verify(file, pixels, swapped));
        assertEquals((IMAGES - 1) / (double) IMAGES, rejected.report().argmaxAgreement(), 1e-12);
    }

    @Test
    void nanLogitsFailTheGate() {
        float[][] broken = copy(engineLogits);
        broken[5][5] = Float.NaN;
        ParityException rejected = assertThrows(ParityException.class, () -> ParityGate.verify(file, pixels, broken));
        assertTrue(Double.isNaN(rejected.report().maxAbsLogitDelta()));
    }

    @Test
    void mismatchedInputSizesAreAClearError() {
        float[] tooFew = new float[pixels.length - 1];
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ParityGate.verify(file, tooFew, engineLogits));
        assertTrue(error.getMessage().contains("784"), error.getMessage());
    }

    private static float[][] copy(float[][] logits) {
        float[][] copy = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            copy[i] = logits[i].clone();
        }
        return copy;
    }

}
