package io.digitstream.trainer.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpochProgressTest {

    @Test
    void sideBySideEachFinishedEpochIsOneLineNamingItsModel() {
        List<String> lines = new ArrayList<>();
        EpochProgress progress = EpochProgress.lines(lines::add);
        try (EpochProgress.Bar cnn = progress.start("cnn epoch 3/18", 430);
                EpochProgress.Bar mlp = progress.start("mlp epoch 1/40", 430)) {
            cnn.step(0.5);
            mlp.step(0.7);
            assertEquals(List.of(), lines, "no line per batch");
            mlp.finish(new EpochStats(1, 0.55231, 0.8, 0.13434, 0.9606, 0.00053, 12.46));
            cnn.finish(new EpochStats(3, 0.0977, 0.97, 0.0326, 0.9882, 0.002249, 86.71));
        }
        assertEquals(List.of(
                "mlp epoch 1/40: loss 0.5523, val-loss 0.1343, val-acc 0.9606, lr 0.00053 (12.5 s)",
                "cnn epoch 3/18: loss 0.0977, val-loss 0.0326, val-acc 0.9882, lr 0.00225 (86.7 s)"), lines);
    }
}
