package io.digitstream.trainer.bench;

import io.digitstream.mnist.MnistResolver;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.data.TrainingData;
import io.digitstream.trainer.evaluate.EnsembleWeights;
import io.digitstream.trainer.evaluate.ScanDegradation;
import io.digitstream.trainer.evaluate.VoteMatrices;
import io.digitstream.trainer.export.ParityGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The weighted vote of any ONNX models, fitted the way a run fits it: on the standard profile's validation split
 * (the 5,000 images {@link TrainingData#prepare} holds out with the run's seed), then scored on the MNIST test set.
 * It lets one model trained alone ({@code --models cnn}) be judged by what it does to the ensemble, beside the other
 * members of an earlier run, without another 30-minute run (docs/benchmarks.md, "The ensemble's last image").
 * Each file's validation and test accuracy are printed first, so a file from a different split or seed shows itself
 * by disagreeing with its run's log.
 * <pre>
 * mvn -o -q -pl trainer test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.digitstream.trainer.bench.EnsembleRefitBenchmark \
 *   -Dexec.args="runA/mlp.onnx runA/rnn.onnx runA/gru.onnx runB/cnn.onnx"
 * </pre>
 * Options before the files: {@code --seed N} (default 42) and {@code --validation N} (default 5000), as the run had.
 */
public final class EnsembleRefitBenchmark {

    public static void main(String[] args) throws Exception {
        long seed = 42;
        int validationCount = 5000;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--validation" -> validationCount = Integer.parseInt(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("give the ONNX files of the ensemble's members");
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no ONNX file at " + file);
            }
        }
        TrainingData data = TrainingData.prepare(MnistResolver.builder().build().load(), 0, validationCount, seed);
        List<float[][]> validation = new ArrayList<>();
        List<float[][]> test = new ArrayList<>();
        for (Path file : files) {
            validation.add(probabilities(file, data.validation()));
            test.add(probabilities(file, data.test()));
            System.out.printf(Locale.ROOT, "%s: validation %.2f %%, test %.2f %%%n", file,
                    accuracy(validation.get(validation.size() - 1), data.validation()),
                    accuracy(test.get(test.size() - 1), data.test()));
        }
        int[] labels = data.validation().labels();
        double[] weights = EnsembleWeights.fit(validation, labels);
        double[] equal = new double[files.size()];
        Arrays.fill(equal, 1.0 / files.size());
        float[][] testVote = VoteMatrices.softVote(test, weights);
        System.out.printf(Locale.ROOT, "weighted vote %s: validation log-loss %.5f (equal vote %.5f), validation %.2f %%,"
                        + " test %.2f %%%n", format(weights), EnsembleWeights.logLoss(validation, labels, weights),
                EnsembleWeights.logLoss(validation, labels, equal),
                accuracy(VoteMatrices.softVote(validation, weights), data.validation()),
                accuracy(testVote, data.test()));
        int leader = 0;
        for (int m = 1; m < weights.length; m++) {
            leader = weights[m] > weights[leader] ? m : leader;
        }
        int[] truth = data.test().labels();
        int[] alone = VoteMatrices.argmax(test.get(leader));
        int[] voted = VoteMatrices.argmax(testVote);
        int errors = 0;
        int mended = 0;
        int spoiled = 0;
        for (int i = 0; i < truth.length; i++) {
            errors += alone[i] != truth[i] ? 1 : 0;
            mended += alone[i] != truth[i] && voted[i] == truth[i] ? 1 : 0;
            spoiled += alone[i] == truth[i] && voted[i] != truth[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "against %s alone (the largest weight): the vote is right on %d of its %d test"
                + " errors and wrong on %d of its right answers%n", files.get(leader), mended, errors, spoiled);
    }

    private static float[][] probabilities(Path file, DigitSet set) {
        return VoteMatrices.softmax(ParityGate.run(file, set.pixels(), set.count()));
    }

    /** In percent. */
    private static double accuracy(float[][] probabilities, DigitSet set) {
        return 100 * ScanDegradation.accuracy(probabilities, set.labels());
    }

    private static String format(double[] weights) {
        StringBuilder text = new StringBuilder();
        for (double weight : weights) {
            text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", weight));
        }
        return text.toString();
    }
}
