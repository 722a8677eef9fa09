package io.digitstream.schemas;

import java.util.List;
import java.util.Set;

/**
 * Name, element type and shape of an ONNX graph input or output.
 *
 * @param type  ONNX element type in numpy spelling, e.g. {@code float32}
 * @param shape dimensions; -1 marks the dynamic batch dimension
 */
public record TensorSpec(String name, String type, List<Long> shape) {

    /** The element types the contract allows; the models use float32 only. */
    public static final Set<String> TYPES = Set.of("float32", "float16", "float64", "int64", "int32", "int8", "uint8", "bool");

    public TensorSpec {
        Require.text(name, "tensor name", 128);
        Require.present(type, "tensor type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("tensor type must be one of " + TYPES + " but was '" + type + "'");
        }
        Require.present(shape, "tensor shape");
        if (shape.isEmpty() || shape.stream().anyMatch(d -> d == null || (d != -1 && d < 1))) {
            throw new IllegalArgumentException("tensor shape must hold at least one dimension, each -1 or >= 1, but was " + shape);
        }
        shape = List.copyOf(shape);
    }
}
