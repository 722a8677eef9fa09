package io.digitstream.trainer.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of every parameter of a block (weights and batch-norm running statistics) on the Java heap, written back in
 * place so that optimizer state and anything holding the parameter arrays stay valid.
 */
final class ParameterSnapshot {

    private final List<Pair<Parameter, float[]>> values;

    private ParameterSnapshot(List<Pair<Parameter, float[]>> values) {
        this.values = values;
    }

    static ParameterSnapshot of(Block block) {
        List<Pair<Parameter, float[]>> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            Parameter parameter = entry.getValue();
            values.add(new Pair<>(parameter, parameter.getArray().toFloatArray()));
        }
        return new ParameterSnapshot(values);
    }

    /** Values taken elsewhere (a weight average), to be written into their parameters. */
    static ParameterSnapshot of(List<Pair<Parameter, float[]>> values) {
        return new ParameterSnapshot(List.copyOf(values));
    }

    void restore() {
        for (Pair<Parameter, float[]> value : values) {
            value.getKey().getArray().set(value.getValue());
        }
    }
}
