package io.digitstream.trainer.train;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.digitstream.schemas.ModelContract;
import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.model.ModelHyperparameters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real one-epoch trials of a small MLP on the PyTorch engine, on ModelTrainerTest's synthetic bars. */
class HyperparameterSearchTest {

    private static final ModelHyperparameters DEFAULTS = new ModelHyperparameters(32, 1, 0.1f);
    private static final TrainingConfig TRIAL = new TrainingConfig(0.002f, 0.0001f, 0f, 64, 1, 0, 1, 0f, false, 7);
    private static final SearchSpace SPACE = new SearchSpace(0.0005f, 0.02f, List.of(0.1f, 0.3f), List.of(32, 64),
            List.of(0.5f, 1.0f, 2.0f));
    private static final DigitSet TRAIN = ModelTrainerTest.bars(600, 1);
    private static final DigitSet VALIDATION = ModelTrainerTest.bars(200, 2);

    private static Block mlp(ModelHyperparameters hyperparameters) {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hyperparameters.width()).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(ModelContract.CLASSES).build());
    }

    private static HyperparameterSearch.Result search(SearchBudget budget, List<String> log) {
        ModelTrainer trainer = new ModelTrainer(AugmentationBounds.movesOnly(0, 0), 0.01f, 200, EpochProgress.quiet());
        Function<ModelHyperparameters, Block> blocks = HyperparameterSearchTest::mlp;
        return new HyperparameterSearch(trainer, SPACE, log::add)
                .run("bars", blocks, DEFAULTS, TRIAL, TRAIN, VALIDATION, budget);
    }

    @Test
    void aTrialBudgetRunsExactlyThatManyTrialsFromTheSeededSequenceAndKeepsTheLowestLoss() {
        List<String> log = new ArrayList<>();
        HyperparameterSearch.Result result = search(new SearchBudget.Trials(4), log);

        assertEquals(4, result.trials().size());
        assertEquals(4, log.size(), "one log line per trial: " + log);
        assertEquals(DEFAULTS, result.trials().get(0).model(), "trial 1 is the defaults");
        assertEquals(TRIAL.learningRate(), result.trials().get(0).config().learningRate());
        // Trials 2.. are the space's draws from a Random seeded with the run's seed, whatever the machine's speed.
        Random expected = new Random(TRIAL.seed());
        for (int i = 1; i < 4; i++) {
            SearchSpace.Candidate draw = SPACE.sample(expected, DEFAULTS, TRIAL);
            assertEquals(draw.model(), result.trials().get(i).model(), "trial " + (i + 1));
            assertEquals(draw.config(), result.trials().get(i).config(), "trial " + (i + 1));
        }
        TrialResult lowest = result.trials().stream().min(Comparator.comparingDouble(TrialResult::bestValLoss))
                .orElseThrow();
        assertEquals(1, result.trials().stream().filter(TrialResult::selected).count());
        assertTrue(lowest.selected(), "the lowest validation loss is the one selected");
        assertEquals(lowest.model(), result.chosen().model());
        assertEquals(lowest.config(), result.chosen().config());
        assertTrue(result.trials().stream().allMatch(t -> Double.isFinite(t.bestValLoss()) && t.seconds() > 0));
    }

    @Test
    void theSameTrialBudgetPicksTheSameAgain() {
        HyperparameterSearch.Result first = search(new SearchBudget.Trials(3), new ArrayList<>());
        HyperparameterSearch.Result second = search(new SearchBudget.Trials(3), new ArrayList<>());
        assertEquals(first.chosen(), second.chosen());
        for (int i = 0; i < 3; i++) {
            assertEquals(first.trials().get(i).config(), second.trials().get(i).config());
            assertEquals(first.trials().get(i).bestValLoss(), second.trials().get(i).bestValLoss(), 1e-4,
                    "trial " + (i + 1) + " trains the same way twice");
        }
    }

    @Test
    void noBudgetRunsNoTrialAndKeepsTheDefaults() {
        for (SearchBudget none : List.of(SearchBudget.NONE, new SearchBudget.Time(Duration.ZERO))) {
            List<String> log = new ArrayList<>();
            HyperparameterSearch.Result result = search(none, log);
            assertTrue(result.trials().isEmpty(), none.toString());
            assertTrue(log.isEmpty());
            assertEquals(DEFAULTS, result.chosen().model());
            assertEquals(TRIAL, result.chosen().config());
        }
    }

    @Test
    void aTimeBudgetShorterThanOneTrialStillRunsTheFirst() {
        HyperparameterSearch.Result result = search(new SearchBudget.Time(Duration.ofMillis(1)), new ArrayList<>());
        assertEquals(1, result.trials().size());
        assertEquals(DEFAULTS, result.chosen().model());
    }

    @Test
    void aTimeBudgetStartsATrialOnlyWhileTheSlowestStillFits() {
        SearchBudget.Time budget = new SearchBudget.Time(Duration.ofSeconds(10));
        assertTrue(budget.allowsAnother(0, 0, Duration.ofSeconds(11)), "the first trial always runs");
        assertTrue(budget.allowsAnother(2, 3.0, Duration.ofSeconds(7)));
        assertTrue(!budget.allowsAnother(2, 3.5, Duration.ofSeconds(7)), "7 s + a 3.5 s trial overshoots 10 s");
        assertTrue(new SearchBudget.Trials(2).allowsAnother(1, 1e9, Duration.ofDays(1)), "trials ignore the clock");
        assertTrue(!new SearchBudget.Trials(2).allowsAnother(2, 0, Duration.ZERO));
    }

    @Test
    void negativeBudgetsAreRefusedWithTheValue() {
        IllegalArgumentException trials = assertThrows(IllegalArgumentException.class,
                () -> new SearchBudget.Trials(-1));
        assertTrue(trials.getMessage().contains("-1"), trials.getMessage());
        IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
                () -> new SearchBudget.Time(Duration.ofSeconds(-5)));
        assertTrue(time.getMessage().contains("negative"), time.getMessage());
        assertThrows(NullPointerException.class, () -> new SearchBudget.Time(null));
        assertEquals("1 trial", new SearchBudget.Trials(1).describe());
        assertEquals("10 trials", new SearchBudget.Trials(10).describe());
        assertEquals("45 s", new SearchBudget.Time(Duration.ofSeconds(45)).describe());
    }
}
