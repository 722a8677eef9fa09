package io.digitstream.simulator.report;

import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.FieldDigit;
import io.digitstream.schemas.FieldReading;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.simulator.load.RateSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a run learns, fed by the sender thread (sends, labels) and the prediction consumer thread
 * (predictions), and read by the progress printer and the final report.
 */
public final class RunResults {

    private static final int LOST_IDS_IN_REPORT = 20;

    private final String runId;
    private final String source;
    private final Instant startedAt;
    private final RateSchedule.Ramp rampSchedule;
    private volatile RampTracker ramp;
    private final double keepUpRatio;
    private final PredictionTracker tracker = new PredictionTracker();
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final LatencyRecorder service = new LatencyRecorder();
    private final Map<String, ModelScore> models = new ConcurrentSkipListMap<>();
    private final ModelScore ensemble = new ModelScore();
    private final Map<String, FieldScore> fieldModels = new ConcurrentSkipListMap<>();
    private final FieldScore fieldEnsemble = new FieldScore();
    private final AtomicLong fieldsSent = new AtomicLong();
    private final AtomicLong fieldsDoubtful = new AtomicLong();
    private final AtomicLong labelsPublished = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile Instant firstSend;
    private volatile Instant sendEnd;
    private volatile Instant lastPrediction;
    private volatile String stoppedEarly;

    /**
     * @param rampSchedule the ramp of a ramp run (for per-step figures), or null for a fixed rate
     * @param keepUpRatio  share of the send rate a ramp step's prediction rate must reach to count as kept up
     */
    public RunResults(String runId, String source, Instant startedAt, RateSchedule.Ramp rampSchedule,
            double keepUpRatio) {
        this.runId = runId;
        this.source = source;
        this.startedAt = startedAt;
        this.rampSchedule = rampSchedule;
        this.keepUpRatio = keepUpRatio;
    }

    /** Marks the start of paced sending, which is where ramp steps are counted from. */
    public void sendingStarted(Instant at) {
        if (rampSchedule != null) {
            ramp = new RampTracker(rampSchedule, at);
        }
    }

    /** Called before the image is handed to the producer, so that even the fastest prediction finds it. */
    public void beforeSend(String id, Instant sentAt, int label) {
        sent(id, new PredictionTracker.SentImage(sentAt, label));
    }

    /** A form field, registered like an image before it is handed to the producer. */
    public void beforeSendField(String id, Instant sentAt, String value) {
        sent(id, new PredictionTracker.SentImage(sentAt, -1, value));
        fieldsSent.incrementAndGet();
    }

    private void sent(String id, PredictionTracker.SentImage image) {
        tracker.recordSent(id, image);
        if (firstSend == null) {
            firstSend = image.sentAt();
        }
        if (ramp != null) {
            ramp.onSent(image.sentAt());
        }
    }

    public void sendFailed(String id) {
        tracker.recordSendFailed(id);
    }

    public void labelPublished() {
        labelsPublished.incrementAndGet();
    }

    /** Sending ended before the stop condition, for this reason (the first reason given is kept). */
    public void sendingStoppedEarly(String reason) {
        if (stoppedEarly == null) {
            stoppedEarly = reason;
        }
    }

    public void sendingEnded(Instant at) {
        sendEnd = at;
        if (rampSchedule != null && ramp == null) {
            sendingStarted(at);
        }
        if (ramp != null) {
            ramp.sendingEnded(at);
        }
    }

    /** The service dead-lettered an image; false when the id is not one of this run's. */
    public boolean onRejected(String id, String reason) {
        return tracker.recordRejected(id, reason);
    }

    public void malformedPrediction() {
        malformed.incrementAndGet();
    }

    /** Scores the first prediction of each image; duplicates and unrelated ones are only counted. */
    public PredictionTracker.Outcome onPrediction(DigitPrediction prediction, Instant receivedAt) {
        PredictionTracker.Outcome outcome = tracker.recordPrediction(prediction.id());
        if (outcome != PredictionTracker.Outcome.FIRST) {
            return outcome;
        }
        PredictionTracker.SentImage sent = firstAnswer(prediction.id(), receivedAt, prediction.endToEndLatency());
        for (ModelPrediction model : prediction.models()) {
            models.computeIfAbsent(model.model(), name -> new ModelScore())
                    .record(model.digit(), model.probabilities(), sent.label());
        }
        ensemble.record(prediction.ensemble().digit(), prediction.ensemble().probabilities(), sent.label());
        return outcome;
    }

    /** Latencies, the ramp and the last answer's time, for the first answer (prediction or reading) of a message. */
    private PredictionTracker.SentImage firstAnswer(String id, Instant receivedAt, Duration serviceLatency) {
        PredictionTracker.SentImage sent = tracker.sentImage(id).orElseThrow();
        endToEnd.record(Duration.between(sent.sentAt(), receivedAt));
        service.record(serviceLatency);
        if (ramp != null) {
            ramp.onPredicted(sent.sentAt(), receivedAt);
        }
        lastPrediction = receivedAt;
        return sent;
    }

    /**
     * Scores the first reading of each field: the ensemble's value and each model's own digits against the true
     * string, and, when the length is right, every digit like a single prediction.
     */
    public PredictionTracker.Outcome onFieldReading(FieldReading reading, Instant receivedAt) {
        PredictionTracker.Outcome outcome = tracker.recordPrediction(reading.id());
        if (outcome != PredictionTracker.Outcome.FIRST) {
            return outcome;
        }
        PredictionTracker.SentImage sent = firstAnswer(reading.id(), receivedAt,
                Duration.between(reading.capturedAt(), reading.readAt()));
        String truth = sent.fieldValue();
        if (truth != null) {
            fieldEnsemble.record(reading.value(), truth);
            reading.valuesByModel().forEach((name, read) -> fieldModels.computeIfAbsent(name, n -> new FieldScore())
                    .record(read, truth));
            if (reading.digits().size() == truth.length()) {
                for (int i = 0; i < reading.digits().size(); i++) {
                    FieldDigit digit = reading.digits().get(i);
                    int label = truth.charAt(i) - '0';
                    for (ModelPrediction model : digit.models()) {
                        models.computeIfAbsent(model.model(), name -> new ModelScore())
                                .record(model.digit(), model.probabilities(), label);
                    }
                    ensemble.record(digit.ensemble().digit(), digit.ensemble().probabilities(), label);
                }
            }
            if (!reading.doubts().isEmpty()) {
                fieldsDoubtful.incrementAndGet();
            }
        }
        return outcome;
    }

    public PredictionTracker tracker() {
        return tracker;
    }

    /** End-to-end latency since the previous call (for the once-a-second progress line). */
    public LatencyStats intervalLatency() {
        return endToEnd.interval();
    }

    public SimulationReport report(Instant finishedAt) {
        if (sendEnd == null) {
            sendingEnded(finishedAt);
        }
        Instant end = sendEnd;
        double sendSeconds = firstSend == null ? 0 : seconds(firstSend, end);
        double predictSeconds = firstSend == null || lastPrediction == null ? 0 : seconds(firstSend, lastPrediction);
        Map<String, ModelQuality> quality = new LinkedHashMap<>();
        models.forEach((name, score) -> quality.put(name, score.quality()));
        List<RampStepReport> steps = ramp == null ? List.of() : ramp.report();
        return new SimulationReport(
                runId,
                source,
                startedAt,
                finishedAt,
                stoppedEarly,
                tracker.sentCount(),
                tracker.sendFailureCount(),
                labelsPublished.get(),
                tracker.predictedCount(),
                tracker.lostCount(),
                tracker.rejectedCount(),
                tracker.rejectionReasons(),
                tracker.duplicateCount(),
                tracker.unrelatedCount(),
                malformed.get(),
                sendSeconds,
                rate(tracker.sentCount(), sendSeconds),
                rate(tracker.predictedCount(), predictSeconds),
                endToEnd.total(),
                service.total(),
                quality,
                ensemble.quality(),
                steps,
                ramp == null ? null : RampTracker.saturationRate(steps, keepUpRatio),
                tracker.lostIds(LOST_IDS_IN_REPORT),
                fieldsSent.get() == 0 ? null : fieldsReport());
    }

    private FieldsReport fieldsReport() {
        Map<String, FieldQuality> fieldQuality = new LinkedHashMap<>();
        fieldModels.forEach((name, score) -> fieldQuality.put(name, score.quality()));
        return new FieldsReport(fieldQuality, fieldEnsemble.quality(), fieldsDoubtful.get());
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }

    private static double rate(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }
}
