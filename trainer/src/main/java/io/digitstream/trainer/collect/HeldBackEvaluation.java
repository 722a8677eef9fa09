package io.digitstream.trainer.collect;

import io.digitstream.schemas.SoftVote;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.export.ParityGate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the exported models (through ONNX Runtime, as the service runs them) and their soft vote read the held-back
 * reviewed scans: the number that says whether learning from scans helped on scans, beside MNIST test accuracy.
 *
 * @param accuracy model name (and {@code ensemble}) to accuracy on the held-back scans; empty when none are held back
 */
public record HeldBackEvaluation(int scans, Map<String, Double> accuracy) {

    public static HeldBackEvaluation of(DigitSet heldBack, Map<String, Path> onnxFiles, Map<String, Double> weights) {
        if (heldBack.count() == 0) {
            return new HeldBackEvaluation(0, Map.of());
        }
        Map<String, Double> accuracy = new LinkedHashMap<>();
        List<double[][]> probabilities = new ArrayList<>();
        List<Double> voteWeights = new ArrayList<>();
        for (Map.Entry<String, Path> model : onnxFiles.entrySet()) {
            float[][] logits = ParityGate.run(model.getValue(), heldBack.pixels(), heldBack.count());
            double[][] modelProbabilities = new double[logits.length][];
            int right = 0;
            for (int i = 0; i < logits.length; i++) {
                modelProbabilities[i] = SoftVote.softmax(logits[i]);
                right += SoftVote.argmax(modelProbabilities[i]) == heldBack.labels()[i] ? 1 : 0;
            }
            accuracy.put(model.getKey(), right / (double) heldBack.count());
            probabilities.add(modelProbabilities);
            voteWeights.add(weights.getOrDefault(model.getKey(), 1.0 / onnxFiles.size()));
        }
        double[] vote = voteWeights.stream().mapToDouble(Double::doubleValue).toArray();
        int right = 0;
        for (int i = 0; i < heldBack.count(); i++) {
            List<double[]> perModel = new ArrayList<>();
            for (double[][] modelProbabilities : probabilities) {
                perModel.add(modelProbabilities[i]);
            }
            right += SoftVote.argmax(SoftVote.combine(perModel, vote)) == heldBack.labels()[i] ? 1 : 0;
        }
        accuracy.put("ensemble", right / (double) heldBack.count());
        return new HeldBackEvaluation(heldBack.count(), Map.copyOf(accuracy));
    }

    public String describe() {
        if (scans == 0) {
            return "held-back reviewed scans: none (too few scans, or --scan-holdout 0)";
        }
        StringBuilder line = new StringBuilder("held-back reviewed scans (" + scans + "):");
        accuracy.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> line.append(String.format(" %s %.4f", entry.getKey(), entry.getValue())));
        return line.toString();
    }
}
