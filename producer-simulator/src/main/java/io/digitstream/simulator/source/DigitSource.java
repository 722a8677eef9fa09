package io.digitstream.simulator.source;

/** An endless supply of labelled images; finite collections start over when exhausted. */
public interface DigitSource {

    SourceImage next();

    /** A short description for the report, e.g. {@code mnist-test (10000 images, raw)}. */
    String description();
}
