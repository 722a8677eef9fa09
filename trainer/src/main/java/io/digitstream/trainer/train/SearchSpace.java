package io.digitstream.trainer.train;

import io.digitstream.trainer.model.ModelHyperparameters;

import java.util.List;
import java.util.Random;

/**
 * Where the random search may look, around a model's defaults: learning rate log-uniform in
 * [{@code minLearningRate}, {@code maxLearningRate}], and dropout, batch size and a width multiplier from short lists.
 */
public record SearchSpace(float minLearningRate, float maxLearningRate, List<Float> dropouts,
        List<Integer> batchSizes, List<Float> widthMultipliers) {

    public SearchSpace {
        if (minLearningRate <= 0 || maxLearningRate < minLearningRate || dropouts.isEmpty() || batchSizes.isEmpty()
                || widthMultipliers.isEmpty()) {
            throw new IllegalArgumentException("empty or inverted search space: learning rate [" + minLearningRate
                    + ", " + maxLearningRate + "], dropouts " + dropouts + ", batch sizes " + batchSizes
                    + ", width multipliers " + widthMultipliers);
        }
        dropouts = List.copyOf(dropouts);
        batchSizes = List.copyOf(batchSizes);
        widthMultipliers = List.copyOf(widthMultipliers);
    }

    /** One candidate: model shape and training config, the rest of {@code base} unchanged. */
    public record Candidate(ModelHyperparameters model, TrainingConfig config) {
    }

    public Candidate sample(Random random, ModelHyperparameters defaults, TrainingConfig base) {
        double logMin = Math.log(minLearningRate);
        double logMax = Math.log(maxLearningRate);
        float learningRate = (float) Math.exp(logMin + random.nextDouble() * (logMax - logMin));
        float dropout = pick(dropouts, random);
        int batchSize = pick(batchSizes, random);
        int width = Math.max(1, Math.round(defaults.width() * pick(widthMultipliers, random)));
        ModelHyperparameters model = new ModelHyperparameters(width, defaults.layers(), dropout);
        TrainingConfig config = new TrainingConfig(learningRate, base.weightDecay(), base.gradientClipNorm(), batchSize,
                base.maxEpochs(), base.warmupEpochs(), base.patience(), base.weightAverageDecay(), base.augment(),
                base.seed());
        return new Candidate(model, config);
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
