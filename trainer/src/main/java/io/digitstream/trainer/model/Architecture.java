package io.digitstream.trainer.model;

import java.util.Locale;

/** The four model families the trainer knows; the lower-case name is used in files, the manifest and events. */
public enum Architecture {
    MLP, RNN, GRU, CNN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Architecture fromId(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
