package io.digitstream.simulator.report;

import java.util.Locale;
import java.util.Map;

/** The human-readable final report. */
public final class ReportText {

    private static final int LOST_IDS_SHOWN = 5;

    private ReportText() {
    }

    public static String format(SimulationReport r) {
        StringBuilder out = new StringBuilder();
        line(out, "digit-stream simulator report (run %s)", r.runId());
        line(out, "  source        %s", r.source());
        line(out, "  sent          %d in %.1fs (%.1f/s)%s", r.sent(), r.sendSeconds(), r.sendRatePerSecond(),
                r.sendFailures() > 0 ? ", " + r.sendFailures() + " FAILED to send" : "");
        if (r.stoppedEarly() != null) {
            line(out, "  STOPPED EARLY %s", r.stoppedEarly());
        }
        line(out, "  labels        %d published", r.labelsPublished());
        line(out, "  predicted     %d (%.1f/s)", r.predicted(), r.throughputPerSecond());
        line(out, "  lost          %d%s", r.lost(), r.lost() > 0 ? "  e.g. " + String.join(", ",
                r.lostIds().subList(0, Math.min(LOST_IDS_SHOWN, r.lostIds().size()))) : "");
        if (r.rejected() > 0) {
            line(out, "  rejected      %d to the dead-letter topic %s", r.rejected(), r.rejectionReasons());
        }
        line(out, "  duplicated    %d", r.duplicated());
        if (r.unrelated() > 0 || r.malformed() > 0) {
            line(out, "  other         %d predictions for other runs' images, %d malformed records",
                    r.unrelated(), r.malformed());
        }
        latency(out, "e2e latency", r.endToEndLatencyMs());
        latency(out, "service lat.", r.serviceLatencyMs());
        line(out, "  %-12s %9s %9s %9s", "model", "scored", "accuracy", "log-loss");
        for (Map.Entry<String, ModelQuality> model : r.models().entrySet()) {
            quality(out, model.getKey(), model.getValue());
        }
        quality(out, "ensemble", r.ensemble());
        if (r.fields() != null) {
            line(out, "  %-12s %9s %9s %9s %9s", "fields", "read", "exact", "digits", "length");
            for (Map.Entry<String, FieldQuality> model : r.fields().models().entrySet()) {
                fieldQuality(out, model.getKey(), model.getValue());
            }
            fieldQuality(out, "ensemble", r.fields().ensemble());
            line(out, "  doubtful      %d fields came with doubts (sent to review)", r.fields().doubtful());
        }
        if (!r.ramp().isEmpty()) {
            line(out, "  %-5s %10s %10s %12s %10s", "step", "target/s", "sent/s", "predicted/s", "p99 ms");
            for (RampStepReport step : r.ramp()) {
                line(out, "  %-5d %10.1f %10.1f %12.1f %10.1f", step.step(), step.targetRate(), step.sendRate(),
                        step.predictionRate(), step.endToEndLatencyMs().p99());
            }
            line(out, "  saturation    %s", r.saturationRate() == null
                    ? "not reached (the service kept up with every step)"
                    : String.format(Locale.ROOT, "at about %.1f images/s", r.saturationRate()));
        }
        line(out, "  result        %s", r.successful() ? "OK" : "FAILED (stopped early, or images lost, rejected or not sent)");
        return out.toString();
    }

    private static void latency(StringBuilder out, String name, LatencyStats l) {
        line(out, "  %-13s p50 %.1fms  p95 %.1fms  p99 %.1fms  max %.1fms  (n=%d)",
                name, l.p50(), l.p95(), l.p99(), l.max(), l.count());
    }

    private static void quality(StringBuilder out, String name, ModelQuality q) {
        line(out, "  %-12s %9d %9s %9s", name, q.labelled(),
                q.accuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", q.accuracy()),
                q.meanLogLoss() == null ? "-" : String.format(Locale.ROOT, "%.4f", q.meanLogLoss()));
    }

    private static void fieldQuality(StringBuilder out, String name, FieldQuality q) {
        line(out, "  %-12s %9d %9s %9s %9s", name, q.fields(), percent(q.exactMatch()), percent(q.digitAccuracy()),
                percent(q.lengthRight()));
    }

    private static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    }
}
