package io.digitstream.trainer.model;

/** The ten digit classes every model scores. */
final class Classes {

    static final int COUNT = 10;

    private Classes() {
    }
}
