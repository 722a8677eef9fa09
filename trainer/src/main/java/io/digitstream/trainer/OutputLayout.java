package io.digitstream.trainer;

/** How a run's model set is written into {@code --output}. */
public enum OutputLayout {

    /** A model store: {@code versions/<run-id>/} per run and the {@code active.json} pointer ({@link ModelStores}). */
    STORE,

    /** The ONNX files and {@code manifest.json} directly in the directory, replacing what was there. */
    FLAT
}
