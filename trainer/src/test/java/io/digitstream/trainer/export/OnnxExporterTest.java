package io.digitstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.norm.BatchNorm;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.model.CnnModel;
import io.digitstream.trainer.model.DigitModels;
import io.digitstream.trainer.model.ModelHyperparameters;
import io.digitstream.trainer.model.Readout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OnnxExporterTest {

    private static final int SEED = 20_240_601;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void exportedModelReproducesTheEngineAtAnyBatchSize(Architecture architecture) throws IOException {
        try (RandomlyTrainedBlock trained = train(architecture)) {
            Path file = dir.resolve(architecture.id() + ".onnx");
            OnnxExporter.export(architecture, trained.hyperparameters, trained.block(), file);

            Random random = new Random(SEED + 1);
            // 1 and 37 prove the batch dimension is dynamic; 1050 crosses the gate's 1000-image batches.
            for (int images : List.of(1, 37, 1050)) {
                float[] pixels = RandomlyTrainedBlock.randomPixels(random, images);
                float[][] engineLogits = trained.logits(pixels);
                ParityReport report = ParityGate.verify(file, pixels, engineLogits);
                assertEquals(images, report.images());
                assertTrue(report.maxAbsLogitDelta() <= ParityGate.MAX_ABS_LOGIT_DELTA, report.toString());
                assertEquals(1.0, report.argmaxAgreement(), report.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void fileDeclaresTheInferenceContract(Architecture architecture) throws IOException {
        try (RandomlyTrainedBlock trained = train(architecture)) {
            Path file = dir.resolve(architecture.id() + ".onnx");
            OnnxExporter.export(architecture, trained.hyperparameters, trained.block(), file);
            ModelProto model = read(file);
            long opset = model.getOpsetImportList().stream()
                    .filter(set -> set.getDomain().isEmpty())
                    .mapToLong(OperatorSetIdProto::getVersion)
                    .max().orElseThrow();
            assertTrue(opset >= 17, "opset " + opset);
            assertEquals(1, model.getGraph().getInputCount());
            assertEquals(1, model.getGraph().getOutputCount());
            assertTensor(model.getGraph().getInput(0), "pixels", 28, 28);
            assertTensor(model.getGraph().getOutput(0), "logits", 10);
            assertTrue(model.getGraph().getNodeList().stream().noneMatch(node -> node.getOpType().equals("Dropout")));
        }
    }

    @Test
    void exportLeavesOnlyTheModelFileWithOrdinaryPermissions() throws IOException {
        try (RandomlyTrainedBlock trained = train(Architecture.MLP)) {
            Path file = dir.resolve("models").resolve("mlp.onnx");
            OnnxExporter.export(Architecture.MLP, trained.hyperparameters, trained.block(), file);
            Path ordinary = Files.writeString(dir.resolve("models").resolve("ordinary.txt"), "x");
            assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(file),
                    "the service reading the model must get the same access as to any file written here");
            try (var files = Files.list(file.getParent())) {
                assertEquals(List.of("mlp.onnx", "ordinary.txt"),
                        files.map(path -> path.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Test
    void cnnExportUsesTheTrainedRunningStatisticsAndItsDenseHead() throws IOException {
        try (RandomlyTrainedBlock trained = train(Architecture.CNN)) {
            for (BatchNorm norm : TrainedParameters.layersOfType(trained.block(), BatchNorm.class)) {
                float[] mean = TrainedParameters.values(norm, "runningMean");
                float[] variance = TrainedParameters.values(norm, "runningVar");
                assertTrue(maxAbs(mean) > 1e-3, "running mean still at its initial zeros");
                assertTrue(Arrays.stream(toDoubles(variance)).anyMatch(v -> Math.abs(v - 1) > 1e-3),
                        "running variance still at its initial ones");
            }
            Path file = dir.resolve("cnn.onnx");
            OnnxExporter.export(Architecture.CNN, trained.hyperparameters, trained.block(), file);
            float[] pixels = RandomlyTrainedBlock.randomPixels(new Random(SEED + 2), 64);
            ParityGate.verify(file, pixels, trained.logits(pixels));

            // The dense head: a hidden Gemm of 8 x width units (weight [out, in]) before the output's.
            ModelProto model = read(file);
            List<NodeProto> gemms = model.getGraph().getNodeList().stream()
                    .filter(node -> node.getOpType().equals("Gemm")).toList();
            assertEquals(2, gemms.size());
            TensorProto hiddenWeight = model.getGraph().getInitializerList().stream()
                    .filter(tensor -> tensor.getName().equals(gemms.get(0).getInput(1))).findFirst().orElseThrow();
            assertEquals(CnnModel.headUnits(trained.hyperparameters), hiddenWeight.getDims(0));
        }
    }

    @Test
    void theSimpleRnnIsReadByTheMeanOfItsStepsAndTheGruByItsLastState() throws IOException {
        for (Architecture architecture : List.of(Architecture.RNN, Architecture.GRU)) {
            try (RandomlyTrainedBlock trained = train(architecture)) {
                Path file = dir.resolve(architecture.id() + "-readout.onnx");
                OnnxExporter.export(architecture, trained.hyperparameters, trained.block(), file);
                ModelProto model = read(file);
                long means = model.getGraph().getNodeList().stream()
                        .filter(node -> node.getOpType().equals("ReduceMean")).count();
                assertEquals(Readout.of(architecture) == Readout.MEAN_OF_STEPS ? 1 : 0, means, architecture.id());
            }
        }
        assertEquals(Readout.MEAN_OF_STEPS, Readout.of(Architecture.RNN));
        assertEquals(Readout.LAST_STEP, Readout.of(Architecture.GRU));
        IllegalArgumentException notRecurrent = assertThrows(IllegalArgumentException.class,
                () -> Readout.of(Architecture.CNN));
        assertTrue(notRecurrent.getMessage().contains("cnn is not recurrent"), notRecurrent.getMessage());
    }

    @Test
    void gruWrittenWithoutLinearBeforeResetIsRejectedByTheGate() throws IOException {
        try (RandomlyTrainedBlock trained = train(Architecture.GRU)) {
            Path file = dir.resolve("gru-wrong-reset.onnx");
            OnnxExporter.export(Architecture.GRU, trained.hyperparameters, trained.block(), file, false);
            float[] pixels = RandomlyTrainedBlock.randomPixels(new Random(SEED + 3), 200);
            float[][] engineLogits = trained.logits(pixels);

            ParityException rejected = assertThrows(ParityException.class,
                    () -> ParityGate.verify(file, pixels, engineLogits));
            assertTrue(rejected.report().maxAbsLogitDelta() > ParityGate.MAX_ABS_LOGIT_DELTA,
                    rejected.getMessage());
            assertTrue(rejected.getMessage().contains("does not reproduce"), rejected.getMessage());
        }
    }

    @Test
    void singleLayerRecurrentModelsExportToo() throws IOException {
        for (Architecture architecture : List.of(Architecture.RNN, Architecture.GRU)) {
            ModelHyperparameters oneLayer = new ModelHyperparameters(48, 1, 0.1f);
            try (RandomlyTrainedBlock trained = RandomlyTrainedBlock.train(architecture, oneLayer, SEED)) {
                Path file = dir.resolve(architecture.id() + "-1.onnx");
                OnnxExporter.export(architecture, oneLayer, trained.block(), file);
                float[] pixels = RandomlyTrainedBlock.randomPixels(new Random(SEED + 4), 50);
                ParityGate.verify(file, pixels, trained.logits(pixels));
            }
        }
    }

    @Test
    void blockThatDoesNotMatchTheHyperparametersIsRefused() {
        try (RandomlyTrainedBlock trained = train(Architecture.MLP)) {
            ModelHyperparameters claimed = new ModelHyperparameters(512, 3, 0.2f);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExporter.export(Architecture.MLP, claimed, trained.block(), dir.resolve("x.onnx")));
            assertTrue(refused.getMessage().contains("3 dense"), refused.getMessage());
            assertTrue(Files.notExists(dir.resolve("x.onnx")));
        }
    }

    @Test
    void blockOfAnotherArchitectureIsRefused() {
        try (RandomlyTrainedBlock trained = train(Architecture.GRU)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> OnnxExporter.export(Architecture.RNN, trained.hyperparameters, trained.block(),
                            dir.resolve("gru-as-rnn.onnx")));
            assertTrue(refused.getMessage().contains("one RNN"), refused.getMessage());
        }
    }

    private static RandomlyTrainedBlock train(Architecture architecture) {
        return RandomlyTrainedBlock.train(architecture, DigitModels.of(architecture).defaults(), SEED);
    }

    private static ModelProto read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ModelProto.parseFrom(in);
        }
    }

    private static void assertTensor(ValueInfoProto value, String name, long... nonBatchDims) {
        assertEquals(name, value.getName());
        List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        assertEquals(nonBatchDims.length + 1, dims.size());
        assertTrue(dims.get(0).hasDimParam() && !dims.get(0).hasDimValue(), "batch dimension must be symbolic");
        assertArrayEquals(nonBatchDims,
                dims.subList(1, dims.size()).stream().mapToLong(TensorShapeProto.Dimension::getDimValue).toArray());
    }

    private static double maxAbs(float[] values) {
        return Arrays.stream(toDoubles(values)).map(Math::abs).max().orElse(0);
    }

    private static double[] toDoubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}
