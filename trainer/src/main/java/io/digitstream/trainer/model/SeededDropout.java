package io.digitstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.SplittableRandom;

/**
 * Inverted dropout, as DJL's {@code Dropout}, whose masks come from the block's own generator instead of the engine's
 * global one. Models trained side by side would otherwise take turns drawing from that one generator, in an order the
 * thread scheduler picks, and a run would no longer repeat for its seed. In training each value is zeroed with
 * probability {@code rate} and the others scaled by 1/(1 - rate); at inference the input passes through unchanged.
 */
public final class SeededDropout extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float rate;
    private SplittableRandom random = new SplittableRandom(0);

    public SeededDropout(float rate) {
        super(VERSION);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), was " + rate);
        }
        this.rate = rate;
    }

    /** Restarts every {@code SeededDropout} under {@code root} from {@code seed}, each on its own stream. */
    public static void reseed(Block root, long seed) {
        reseed(root, new SplittableRandom(seed));
    }

    private static void reseed(Block block, SplittableRandom streams) {
        if (block instanceof SeededDropout dropout) {
            dropout.random = streams.split();
        }
        for (Pair<String, Block> child : block.getChildren()) {
            reseed(child.getValue(), streams);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (!training || rate == 0) {
            return inputs;
        }
        NDArray input = inputs.singletonOrThrow();
        float kept = 1f / (1f - rate);
        float[] mask = new float[Math.toIntExact(input.size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextFloat() < rate ? 0f : kept;
        }
        NDArray scale = input.getManager().create(mask, input.getShape()).toType(input.getDataType(), false);
        return new NDList(input.mul(scale));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "SeededDropout(rate=" + rate + ")";
    }
}
