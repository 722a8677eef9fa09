package io.digitstream.trainer.report;

import io.digitstream.trainer.model.Architecture;
import java.awt.Color;

/** One colour per model, the same in every chart, so a reader learns it once. */
final class ModelPalette {

    static final Color ENSEMBLE = new Color(0x33, 0x33, 0x33);

    private ModelPalette() {
    }

    static Color of(Architecture architecture) {
        return switch (architecture) {
            case MLP -> new Color(0x1f, 0x77, 0xb4);
            case RNN -> new Color(0xff, 0x7f, 0x0e);
            case GRU -> new Color(0x2c, 0xa0, 0x2c);
            case CNN -> new Color(0xd6, 0x27, 0x28);
        };
    }
}
