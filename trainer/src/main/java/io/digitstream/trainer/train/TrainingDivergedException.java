package io.digitstream.trainer.train;

/** Validation loss never became finite: the configuration (usually the learning rate) made training blow up. */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
