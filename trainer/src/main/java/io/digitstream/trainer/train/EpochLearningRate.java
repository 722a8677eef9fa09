package io.digitstream.trainer.train;

import ai.djl.training.tracker.Tracker;

/**
 * Bridges DJL, whose trackers are asked per optimizer update, to a schedule that moves per epoch: the training loop
 * sets the epoch's rate once, and every update of that epoch reads it.
 */
final class EpochLearningRate implements Tracker {

    private volatile float current;

    EpochLearningRate(float initial) {
        this.current = initial;
    }

    void set(float rate) {
        this.current = rate;
    }

    float current() {
        return current;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return current;
    }
}
