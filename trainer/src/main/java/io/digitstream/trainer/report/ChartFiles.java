package io.digitstream.trainer.report;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** File names of the report's charts and the one place they are written as PNG. */
final class ChartFiles {

    static final String LEARNING_LOSS = "learning-loss.png";
    static final String LEARNING_ACCURACY = "learning-accuracy.png";
    static final String COMPARISON = "comparison.png";
    static final String ACCURACY_VS_LATENCY = "accuracy-vs-latency.png";
    static final String MISCLASSIFIED = "misclassified.png";
    static final String ENSEMBLE_NAME = "ensemble";

    private ChartFiles() {
    }

    static String confusion(String predictorName) {
        return "confusion-" + predictorName + ".png";
    }

    static void savePng(Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
