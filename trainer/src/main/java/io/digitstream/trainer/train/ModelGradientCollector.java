package io.digitstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Records one model's forward pass for its backward pass, on the calling thread only. DJL's own collector allows one
 * at a time in the whole process (a static flag), which would stop models training side by side; the engine keeps
 * gradient recording per thread, and each model's gradients live on its own parameters, so nothing else is shared.
 * The optimizer's update zeroes the gradients it has used, as with DJL's collector.
 */
final class ModelGradientCollector implements GradientCollector {

    private final Block block;
    private final boolean wasRecording;

    ModelGradientCollector(Block block) {
        this.block = block;
        this.wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    @Override
    public void backward(NDArray target) {
        try (NDArray seed = target.getManager().ones(target.getShape(), target.getDataType())) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        }
    }

    /** Zeroes the gradients of this model's parameters only. */
    @Override
    public void zeroGradients() {
        for (Parameter parameter : block.getParameters().values()) {
            NDArray array = parameter.getArray();
            if (array.hasGradient()) {
                NDArray gradient = array.getGradient();
                gradient.subi(gradient);
            }
        }
    }

    @Override
    public void close() {
        if (!wasRecording) {
            JniUtils.setGradMode(false);
        }
    }
}
