package io.digitstream.trainer.report;

import io.digitstream.trainer.train.EpochStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch of every model's final training run; training dashed, validation solid. */
final class LearningCurveCharts {

    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private LearningCurveCharts() {
    }

    static void write(RunResult run, Path runDir) throws IOException {
        ChartFiles.savePng(chart(run, "Loss per epoch", "cross-entropy loss",
                EpochStats::trainLoss, EpochStats::valLoss), runDir.resolve(ChartFiles.LEARNING_LOSS));
        ChartFiles.savePng(chart(run, "Accuracy per epoch", "accuracy (%)",
                e -> 100 * e.trainAccuracy(), e -> 100 * e.valAccuracy()), runDir.resolve(ChartFiles.LEARNING_ACCURACY));
    }

    private static XYChart chart(RunResult run, String title, String yTitle, ToDoubleFunction<EpochStats> train,
            ToDoubleFunction<EpochStats> validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (ModelResult model : run.models()) {
            List<EpochStats> history = model.history();
            if (history.isEmpty()) {
                continue;
            }
            double[] epochs = history.stream().mapToDouble(EpochStats::epoch).toArray();
            addSeries(chart, model, model.name() + " train", epochs,
                    history.stream().mapToDouble(train).toArray(), SeriesLines.DASH_DASH);
            addSeries(chart, model, model.name() + " validation", epochs,
                    history.stream().mapToDouble(validation).toArray(), SeriesLines.SOLID);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.setTitle(title + " (no training history recorded)");
        }
        return chart;
    }

    private static void addSeries(XYChart chart, ModelResult model, String name, double[] x, double[] y,
            BasicStroke line) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(ModelPalette.of(model.architecture()));
        series.setMarkerColor(ModelPalette.of(model.architecture()));
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineStyle(line);
    }
}
