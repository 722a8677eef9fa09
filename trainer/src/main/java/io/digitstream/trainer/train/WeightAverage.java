package io.digitstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a block's parameters (weights and batch-norm running statistics), updated after
 * every optimizer step: {@code average = d * average + (1 - d) * weights}. The average is what gets judged on the
 * validation split and kept; training itself never sees it. The decay warms up as {@code min(decay, (1+n)/(10+n))}
 * after {@code n} updates, so the random initial weights fade out within the first steps instead of lingering for
 * {@code 1/(1-decay)} of them.
 */
final class WeightAverage implements AutoCloseable {

    private final float decay;
    private final List<Pair<Parameter, NDArray>> averages;
    private long updates;

    private WeightAverage(float decay, List<Pair<Parameter, NDArray>> averages) {
        this.decay = decay;
        this.averages = averages;
    }

    /** Starts the average at the block's current (initialised) weights; the arrays live in {@code manager}. */
    static WeightAverage of(Block block, float decay, NDManager manager) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("weight-average decay must be in (0, 1), was " + decay);
        }
        List<Pair<Parameter, NDArray>> averages = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            NDArray weights = entry.getValue().getArray();
            // A fresh array, not duplicate(): a clone of a weight that requires gradients would join its graph.
            averages.add(new Pair<>(entry.getValue(), manager.create(weights.toFloatArray(), weights.getShape())));
        }
        return new WeightAverage(decay, averages);
    }

    /** The decay the next update uses. */
    float currentDecay() {
        return Math.min(decay, (1f + updates) / (10f + updates));
    }

    /** Folds the block's current weights in; call after each optimizer step, outside any gradient recording. */
    void update() {
        float d = currentDecay();
        for (Pair<Parameter, NDArray> entry : averages) {
            NDArray weights = entry.getKey().getArray();
            // d * average + (1 - d) * weights, in place: (average - weights) * d + weights
            entry.getValue().subi(weights).muli(d).addi(weights);
        }
        updates++;
    }

    /** The averaged weights, ready to be written into the block. */
    ParameterSnapshot snapshot() {
        List<Pair<Parameter, float[]>> values = new ArrayList<>();
        for (Pair<Parameter, NDArray> entry : averages) {
            values.add(new Pair<>(entry.getKey(), entry.getValue().toFloatArray()));
        }
        return ParameterSnapshot.of(values);
    }

    @Override
    public void close() {
        averages.forEach(entry -> entry.getValue().close());
    }
}
