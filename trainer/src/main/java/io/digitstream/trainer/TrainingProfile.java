package io.digitstream.trainer;

import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.train.SearchBudget;
import io.digitstream.trainer.train.SearchSpace;
import io.digitstream.trainer.train.TrainingConfig;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * A named set of training settings read from {@code profiles/<name>.properties} on the class path. A key may be
 * prefixed with a model id ({@code cnn.max-epochs}) to override the shared value for that model only.
 */
public final class TrainingProfile {

    private final String name;
    private final Properties properties;

    private TrainingProfile(String name, Properties properties) {
        this.name = name;
        this.properties = properties;
    }

    public static TrainingProfile load(String name) {
        String resource = "/profiles/" + name + ".properties";
        try (InputStream in = TrainingProfile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown profile '" + name + "' (known: quick, standard)");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new TrainingProfile(name, properties);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read profile " + resource + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** Training images per run; 0 means every image not held out for validation. */
    public int trainCount() {
        return integer(null, "train-count");
    }

    public int validationCount() {
        return integer(null, "validation-count");
    }

    public boolean augment() {
        return flag(null, "augment");
    }

    /**
     * Whether the run trains its models side by side, one per thread, each on one engine thread: more work done when
     * the models' costs can be shared out evenly between the threads (docs/benchmarks.md, "Models side by side").
     */
    public boolean modelsSideBySide() {
        return flag(null, "models-side-by-side");
    }

    /**
     * Whether this model's augmentation runs a batch ahead on its own thread while the engine trains with one thread
     * fewer: faster for models whose small steps do not use a second engine thread (docs/benchmarks.md,
     * "Augmentation on its own thread").
     */
    public boolean augmentOnWorkerThread(Architecture model) {
        return flag(model, "augment.on-worker-thread");
    }

    /** The run's shared augmentation bounds. */
    public AugmentationBounds augmentationBounds() {
        return augmentationBounds(null);
    }

    /** One model's augmentation bounds: the shared ones, with any {@code <model>.augment.*} keys applied. */
    public AugmentationBounds augmentationBounds(Architecture model) {
        return new AugmentationBounds(decimal(model, "augment.max-shift-pixels"),
                decimal(model, "augment.max-rotation-degrees"), decimal(model, "augment.max-scale"),
                decimal(model, "augment.max-shear-degrees"), decimal(model, "augment.elastic-probability"),
                decimal(model, "augment.scan-effect-probability"));
    }

    public float finalLearningRateFraction() {
        return decimal(null, "final-learning-rate-fraction");
    }

    public int evaluationBatchSize() {
        return integer(null, "evaluation.batch-size");
    }

    public Duration latencyBudget() {
        return seconds(null, "latency.budget-seconds");
    }

    /** The final training's configuration for one model. */
    public TrainingConfig trainingConfig(Architecture model, boolean augment, long seed) {
        return new TrainingConfig(decimal(model, "learning-rate"), decimal(model, "weight-decay"),
                decimal(model, "gradient-clip-norm"),
                integer(model, "batch-size"), integer(model, "max-epochs"), integer(model, "warmup-epochs"),
                integer(model, "patience"), decimal(model, "weight-average-decay"), augment, seed);
    }

    /** Each search trial's configuration: the final one, cut to the search's short run. */
    public TrainingConfig searchTrialConfig(Architecture model, boolean augment, long seed) {
        TrainingConfig base = trainingConfig(model, augment, seed);
        int epochs = integer(model, "search.epochs");
        return new TrainingConfig(base.learningRate(), base.weightDecay(), base.gradientClipNorm(), base.batchSize(),
                epochs, Math.min(base.warmupEpochs(), epochs - 1), epochs, 0f, augment, seed);
    }

    /** A number of trials, so the search picks the same on every host (see {@link SearchBudget}). */
    public SearchBudget searchBudget(Architecture model) {
        return new SearchBudget.Trials(integer(model, "search.trials"));
    }

    public int searchTrainCount(Architecture model) {
        return integer(model, "search.train-count");
    }

    public SearchSpace searchSpace(Architecture model) {
        return new SearchSpace(decimal(model, "search.learning-rate-min"), decimal(model, "search.learning-rate-max"),
                list(model, "search.dropouts", Float::parseFloat), list(model, "search.batch-sizes", Integer::parseInt),
                list(model, "search.width-multipliers", Float::parseFloat));
    }

    private String required(Architecture model, String key) {
        String value = model == null ? null : properties.getProperty(model.id() + "." + key);
        if (value == null) {
            value = properties.getProperty(key);
        }
        if (value == null) {
            throw new IllegalStateException("profile '" + name + "' has no value for '" + key + "'");
        }
        return value.trim();
    }

    private boolean flag(Architecture model, String key) {
        String value = required(model, key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalStateException("profile '" + name + "': '" + key + "'" + (model == null ? "" : " for "
                    + model.id()) + " must be true or false, not: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private int integer(Architecture model, String key) {
        return parse(model, key, Integer::parseInt);
    }

    private float decimal(Architecture model, String key) {
        return parse(model, key, Float::parseFloat);
    }

    private Duration seconds(Architecture model, String key) {
        return Duration.ofMillis(Math.round(parse(model, key, Double::parseDouble) * 1000));
    }

    private <T> List<T> list(Architecture model, String key, Function<String, T> parser) {
        return Arrays.stream(required(model, key).split(",")).map(String::trim).map(parser).toList();
    }

    private <T> T parse(Architecture model, String key, Function<String, T> parser) {
        String value = required(model, key);
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("profile '" + name + "': '" + key + "' is not a number: " + value, e);
        }
    }
}
