package io.digitstream.trainer.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Side-by-side bars of quality and cost (one panel per measure, all in one PNG) and the accuracy-versus-latency
 * scatter that shows which models are worth their cost.
 */
final class ComparisonCharts {

    static final int PANEL_WIDTH = 440;
    static final int PANEL_HEIGHT = 320;
    static final int PANEL_COLUMNS = 3;
    static final int PANEL_ROWS = 2;
    static final int SCATTER_WIDTH = 800;
    static final int SCATTER_HEIGHT = 500;

    private ComparisonCharts() {
    }

    static void write(RunResult run, Path runDir) throws IOException {
        List<CategoryChart> panels = List.of(
                qualityPanel(run, "Test error (%), lower is better", 100 * (1 - run.ensemble().accuracy()),
                        m -> 100 * (1 - m.metrics().accuracy())),
                qualityPanel(run, "Macro F1 (%)", 100 * run.ensemble().macroF1(),
                        m -> 100 * m.metrics().macroF1()),
                costPanel(run, "Parameters (thousands)", "#,##0.#", m -> m.params() / 1e3),
                costPanel(run, "MFLOPs per image", "#,##0.##", m -> m.flopsPerImage() / 1e6),
                costPanel(run, "Batch-1 latency p50 (ms)", "#,##0.###", m -> m.latency().batch1P50Ms()),
                costPanel(run, "Throughput at batch 256 (images/s)", "#,##0",
                        m -> m.latency().imagesPerSecondBatch256()));
        BitmapEncoder.saveBitmap(panels, PANEL_ROWS, PANEL_COLUMNS, runDir.resolve(ChartFiles.COMPARISON).toString(),
                BitmapEncoder.BitmapFormat.PNG);
        ChartFiles.savePng(accuracyVersusLatency(run), runDir.resolve(ChartFiles.ACCURACY_VS_LATENCY));
    }

    private static CategoryChart qualityPanel(RunResult run, String title, double ensembleValue,
            ToDoubleFunction<ModelResult> measure) {
        List<String> names = new ArrayList<>(run.models().stream().map(ModelResult::name).toList());
        List<Double> values = new ArrayList<>(run.models().stream().map(m -> measure.applyAsDouble(m)).toList());
        names.add(ChartFiles.ENSEMBLE_NAME);
        values.add(ensembleValue);
        return panel(title, "#,##0.##", names, values);
    }

    private static CategoryChart costPanel(RunResult run, String title, String decimalPattern,
            ToDoubleFunction<ModelResult> measure) {
        return panel(title, decimalPattern, run.models().stream().map(ModelResult::name).toList(),
                run.models().stream().map(m -> measure.applyAsDouble(m)).toList());
    }

    private static CategoryChart panel(String title, String decimalPattern, List<String> names,
            List<Double> values) {
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).build();
        chart.addSeries(title, names, values).setFillColor(new Color(0x4c, 0x72, 0xb0));
        chart.getStyler().setLabelsVisible(true).setLabelsPosition(0.9);
        chart.getStyler().setLegendVisible(false).setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0).setYAxisDecimalPattern(decimalPattern);
        return chart;
    }

    private static XYChart accuracyVersusLatency(RunResult run) {
        XYChart chart = new XYChartBuilder().width(SCATTER_WIDTH).height(SCATTER_HEIGHT)
                .title("Test accuracy vs batch-1 latency (up and to the left is better)")
                .xAxisTitle("batch-1 latency p50 (ms)").yAxisTitle("test accuracy (%)").build();
        chart.getStyler()
                .setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                .setMarkerSize(14)
                .setLegendPosition(Styler.LegendPosition.OutsideE)
                .setChartBackgroundColor(Color.WHITE);
        for (ModelResult model : run.models()) {
            XYSeries series = chart.addSeries(model.name(), new double[] {model.latency().batch1P50Ms()},
                    new double[] {100 * model.metrics().accuracy()});
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(ModelPalette.of(model.architecture()));
        }
        return chart;
    }
}
