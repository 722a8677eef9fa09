package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * One confusion-matrix heat map per model and for the ensemble: rows are the true digit (0 at the top), columns the
 * predicted one, every cell labelled with its count. Error cells shade from white (0) to red (the largest error
 * count); the colour scale ends in green, just above every error, so the correct diagonal shows green. On one linear
 * scale up to the diagonal's thousand or so per digit, the handful of errors the chart exists to show would all look
 * white.
 */
final class ConfusionHeatMaps {

    static final int WIDTH = 600;
    static final int HEIGHT = 600;
    /** White for no errors through red for the most frequent error; the last stop, green, is for the diagonal. */
    private static final Color[] SCALE = {
        Color.WHITE, new Color(0xfe, 0xe0, 0xb6), new Color(0xfd, 0xae, 0x61), new Color(0xf4, 0x6d, 0x43),
        new Color(0xd7, 0x30, 0x27), new Color(0xa1, 0xd9, 0x9b)};
    /**
     * XChart spaces the colour stops evenly from 0 to the maximum. A maximum of 5/4 of the largest error puts that
     * error exactly on red (stop 4 of 0..5) and anything a quarter above it, normally only the diagonal, on green.
     */
    private static final double SCALE_MAX_OVER_LARGEST_ERROR = (SCALE.length - 1) / (double) (SCALE.length - 2);

    private ConfusionHeatMaps() {
    }

    static void write(RunResult run, Path runDir) throws IOException {
        for (ModelResult model : run.models()) {
            ChartFiles.savePng(chart(model.name() + ": test-set confusion matrix", model.metrics()),
                    runDir.resolve(ChartFiles.confusion(model.name())));
        }
        ChartFiles.savePng(chart("ensemble (soft vote): test-set confusion matrix", run.ensemble()),
                runDir.resolve(ChartFiles.confusion(ChartFiles.ENSEMBLE_NAME)));
    }

    private static HeatMapChart chart(String title, ClassificationMetrics metrics) {
        int[][] confusion = metrics.confusion();
        int classes = confusion.length;
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("predicted digit").yAxisTitle("true digit").build();
        List<String> predicted = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        // XChart draws the first y category at the bottom; listing the digits in reverse puts 0 at the top.
        List<String> actual = IntStream.range(0, classes).mapToObj(i -> Integer.toString(classes - 1 - i)).toList();
        List<Number[]> cells = new ArrayList<>();
        int maxError = 0;
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                cells.add(new Number[] {p, classes - 1 - a, confusion[a][p]});
                if (a != p) {
                    maxError = Math.max(maxError, confusion[a][p]);
                }
            }
        }
        chart.addSeries("count", predicted, actual, cells);
        chart.getStyler()
                .setShowValue(true)
                .setHeatMapValueDecimalPattern("0")
                .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setValueFontColor(Color.BLACK)
                .setMin(0)
                .setMax(SCALE_MAX_OVER_LARGEST_ERROR * Math.max(maxError, 1))
                .setRangeColors(SCALE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotContentSize(1);
        return chart;
    }
}
