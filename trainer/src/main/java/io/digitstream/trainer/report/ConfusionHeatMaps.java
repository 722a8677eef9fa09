package io.digitstream.trainer.report;

import io.digitstream.trainer.evaluate.ClassificationMetrics;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * One confusion-matrix heat map per model and for the ensemble: rows are the true digit (0 at the top), columns the
 * predicted one, every cell labelled with its count. Colour follows log(1 + count): on a linear scale the diagonal
 * (about a thousand per digit) would wash out the handful of errors the chart exists to show.
 */
final class ConfusionHeatMaps {

    static final int WIDTH = 620;
    static final int HEIGHT = 560;

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
        double maxHeat = 0;
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                double heat = Math.log1p(confusion[a][p]);
                maxHeat = Math.max(maxHeat, heat);
                cells.add(new Number[] {p, classes - 1 - a, heat});
            }
        }
        chart.addSeries("count", predicted, actual, cells);
        chart.getStyler()
                .setShowValue(true)
                .setHeatMapDecimalValueFormatter(heat -> Long.toString(Math.round(Math.expm1(heat))))
                .setMin(0)
                .setMax(Math.max(maxHeat, 1))
                .setRangeColors(new Color[] {Color.WHITE, new Color(0xfd, 0xd4, 0x9e), new Color(0xef, 0x65, 0x48),
                    new Color(0x7f, 0x00, 0x00)});
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotContentSize(1);
        return chart;
    }
}
