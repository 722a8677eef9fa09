package io.digitstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Scales all gradients of a block together so that their global L2 norm is at most {@code maxNorm}. A plain tanh RNN
 * back-propagates through 28 time steps and now and then produces a gradient spike that throws training off (the
 * standard profile saw it diverge at learning rates that were fine in short trials); clipping by the global norm
 * keeps the update's direction and only bounds its size. DJL's own {@code optClipGrad} clips element by element,
 * which changes the direction, so this runs between {@code backward} and {@code step} instead.
 */
final class GradientNormClipping {

    private GradientNormClipping() {
    }

    /** Clips in place and returns the global norm before clipping. */
    static double clip(Block block, NDManager manager, float maxNorm) {
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> gradients = new ArrayList<>();
            double sumOfSquares = 0;
            for (Pair<String, Parameter> entry : block.getParameters()) {
                NDArray weights = entry.getValue().getArray();
                if (!entry.getValue().requiresGradient() || !weights.hasGradient()) {
                    continue;
                }
                NDArray gradient = weights.getGradient();
                gradient.attach(scope);
                gradients.add(gradient);
                sumOfSquares += gradient.square().sum().getFloat();
            }
            double norm = Math.sqrt(sumOfSquares);
            if (norm > maxNorm) {
                float scale = (float) (maxNorm / (norm + 1e-6));
                for (NDArray gradient : gradients) {
                    gradient.muli(scale);
                }
            }
            return norm;
        }
    }
}
