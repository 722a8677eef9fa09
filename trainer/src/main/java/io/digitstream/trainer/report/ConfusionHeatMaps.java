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
 * count); the colour scale ends in green, above every error, so the correct diagonal shows green. On one linear
 * scale up to the diagonal's thousand or so per digit, the handful of errors the chart exists to show would all look
 * white.
 */
final class ConfusionHeatMaps {

    static final int WIDTH = 600;
    static final int HEIGHT = 600;
    /**
     * The four range colours sit at 0, 1/3, 2/3 and 1 of the scale; a maximum of 1.5 x the largest error puts that
     * error on red (2/3) and every count beyond it, normally only the diagonal, on green.
     */
    private static final double DIAGONAL_SCALE = 1.5;

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
                .setMax(DIAGONAL_SCALE * Math.max(maxError, 1))
                .setRangeColors(new Color[] {Color.WHITE, new Color(0xfd, 0xae, 0x61), new Color(0xe3, 0x4a, 0x33),
                    new Color(0xa1, 0xd9, 0x9b)});
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotContentSize(1);
        return chart;
    }
}
