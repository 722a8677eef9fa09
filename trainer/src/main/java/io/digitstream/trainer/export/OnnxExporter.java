package io.digitstream.trainer.export;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.model.Readout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a trained DJL block as an ONNX file honouring the inference contract: opset {@value OnnxGraph#OPSET},
 * input {@code pixels} float32 [N,28,28] in [0,1], output {@code logits} float32 [N,10], normalisation and reshapes
 * inside the graph, batch norm in inference mode, dropout left out (it is the identity at inference).
 */
public final class OnnxExporter {

    static final String PRODUCER = "digit-stream trainer";

    private OnnxExporter() {
    }

    public static void export(Architecture architecture, ModelHyperparameters hp, Block trainedBlock, Path file)
            throws IOException {
        export(architecture, hp, trainedBlock, file, true);
    }

    /** {@code gruLinearBeforeReset=false} writes a GRU with the wrong reset semantics; tests use it on the gate. */
    static void export(Architecture architecture, ModelHyperparameters hp, Block trainedBlock, Path file,
            boolean gruLinearBeforeReset) throws IOException {
        ModelProto model = graph(architecture, hp, trainedBlock, gruLinearBeforeReset);
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Write beside the target and move, so a reader never sees half a model.
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                model.writeTo(out);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static ModelProto graph(Architecture architecture, ModelHyperparameters hp, Block block,
            boolean gruLinearBeforeReset) {
        OnnxGraph graph = new OnnxGraph(architecture.id());
        String pixels = graph.input(ModelContract.INPUT_NAME, ModelContract.SIDE, ModelContract.SIDE);
        String normalised = GraphLayers.normalise(graph, pixels);
        switch (architecture) {
            case MLP -> mlp(graph, normalised, block, hp);
            case CNN -> cnn(graph, normalised, block, hp);
            case RNN -> recurrent(graph, normalised, block, hp, RecurrentCell.simpleTanh(), Readout.of(architecture));
            case GRU -> recurrent(graph, normalised, block, hp, RecurrentCell.gru(gruLinearBeforeReset),
                    Readout.of(architecture));
        }
        graph.output(ModelContract.OUTPUT_NAME, ModelContract.CLASSES);
        return graph.model(PRODUCER, architecture.id() + " " + hp);
    }

    private static void mlp(OnnxGraph graph, String normalised, Block block, ModelHyperparameters hp) {
        List<Linear> dense = TrainedParameters.layersOfType(block, Linear.class);
        requireLayers(dense.size(), hp.layers() + 1, "dense", hp);
        denseLayers(graph, GraphLayers.flatten(graph, normalised), dense);
    }

    private static void cnn(OnnxGraph graph, String normalised, Block block, ModelHyperparameters hp) {
        List<Conv2d> convs = TrainedParameters.layersOfType(block, Conv2d.class);
        List<BatchNorm> norms = TrainedParameters.layersOfType(block, BatchNorm.class);
        requireLayers(convs.size(), hp.layers(), "convolution", hp);
        requireLayers(norms.size(), hp.layers(), "batch norm", hp);
        String x = GraphLayers.reshape(graph, normalised, -1, 1, ModelContract.SIDE, ModelContract.SIDE);
        for (int i = 0; i < convs.size(); i++) {
            x = GraphLayers.conv(graph, x, convs.get(i));
            x = GraphLayers.batchNorm(graph, x, norms.get(i));
            x = GraphLayers.maxPool(graph, GraphLayers.relu(graph, x));
        }
        List<Linear> dense = TrainedParameters.layersOfType(block, Linear.class);
        requireLayers(dense.size(), 2, "dense (hidden head and output)", hp);
        denseLayers(graph, GraphLayers.flatten(graph, x), dense);
    }

    /** Each dense layer but the last followed by ReLU; the last one writes the graph's output. */
    private static void denseLayers(OnnxGraph graph, String x, List<Linear> dense) {
        for (Linear hidden : dense.subList(0, dense.size() - 1)) {
            x = GraphLayers.relu(graph, GraphLayers.dense(graph, x, hidden));
        }
        GraphLayers.dense(graph, x, dense.get(dense.size() - 1), ModelContract.OUTPUT_NAME);
    }

    private static void recurrent(OnnxGraph graph, String normalised, Block block, ModelHyperparameters hp,
            RecurrentCell cell, Readout readout) {
        RecurrentBlock layers = TrainedParameters.singleLayerOfType(block, cell.djlLayer());
        requireLayers(GraphLayers.recurrentLayerCount(layers), hp.layers(), "recurrent", hp);
        String features = GraphLayers.recurrent(graph, GraphLayers.timeFirst(graph, normalised), layers, cell,
                readout);
        GraphLayers.dense(graph, features, TrainedParameters.singleLayerOfType(block, Linear.class), ModelContract.OUTPUT_NAME);
    }

    private static void requireLayers(int found, int expected, String kind, ModelHyperparameters hp) {
        if (found != expected) {
            throw new IllegalArgumentException("block has " + found + " " + kind + " layers but " + hp + " needs "
                    + expected + "; was it built by the matching DigitModel?");
        }
    }
}
