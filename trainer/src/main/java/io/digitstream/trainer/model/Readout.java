package io.digitstream.trainer.model;

/** What a recurrent model passes from its last layer to the dense layer. */
public enum Readout {
    /** The state after the last row: everything must be carried through all 28 steps. */
    LAST_STEP,
    /**
     * The mean of the states after every row: each row reaches the output in one step, so a simple RNN, whose
     * gradients fade over 28 steps, learns from the top of the digit as well as the bottom.
     */
    MEAN_OF_STEPS;

    /** The readout a recurrent architecture is built and exported with. */
    public static Readout of(Architecture architecture) {
        return switch (architecture) {
            case RNN -> MEAN_OF_STEPS;
            case GRU -> LAST_STEP;
            case MLP, CNN -> throw new IllegalArgumentException(architecture.id() + " is not recurrent");
        };
    }
}
