package io.digitstream.trainer;

import io.digitstream.trainer.data.AugmentationBounds;
import io.digitstream.trainer.model.Architecture;
import io.digitstream.trainer.train.SearchBudget;
import io.digitstream.trainer.train.TrainingConfig;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingProfileTest {

    @Test
    void everyProfileDefinesEveryModel() {
        for (String name : new String[] {"quick", "standard"}) {
            TrainingProfile profile = TrainingProfile.load(name);
            for (Architecture model : Architecture.values()) {
                TrainingConfig config = profile.trainingConfig(model, false, 1);
                assertTrue(config.maxEpochs() >= 1 && config.learningRate() > 0, name + "/" + model);
                assertTrue(profile.searchBudget(model) instanceof SearchBudget.Trials trials && trials.count() >= 1,
                        "a profile's search is counted in trials, so every machine picks the same: " + name);
                assertTrue(profile.searchTrialConfig(model, false, 1).maxEpochs() >= 1);
                profile.searchSpace(model);
                assertEquals(model == Architecture.RNN, profile.augmentOnWorkerThread(model),
                        "only the RNN lends an engine thread to its augmentation: " + name + "/" + model);
            }
        }
    }

    @Test
    void whereAugmentationRunsIsTrueOrFalseAndAnythingElseIsAClearError() {
        TrainingProfile profile = TrainingProfile.load("augmentation-overrides");
        assertFalse(profile.augmentOnWorkerThread(Architecture.MLP));
        assertTrue(profile.augmentOnWorkerThread(Architecture.RNN));
        for (Architecture model : new Architecture[] {Architecture.GRU, Architecture.CNN}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> profile.augmentOnWorkerThread(model));
            assertTrue(e.getMessage().contains("'augment.on-worker-thread' for " + model.id()
                    + " must be true or false"), e.getMessage());
        }
    }

    @Test
    void theStandardRunTrainsItsModelsSideBySideAndTheQuickRunOneAfterAnother() {
        assertTrue(TrainingProfile.load("standard").modelsSideBySide());
        assertFalse(TrainingProfile.load("quick").modelsSideBySide());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingProfile.load("augmentation-overrides").modelsSideBySide());
        assertTrue(e.getMessage().contains("'models-side-by-side' must be true or false, not: sometimes"),
                e.getMessage());
    }

    @Test
    void aModelPrefixOverridesTheSharedValue() {
        TrainingProfile standard = TrainingProfile.load("standard");
        // standard.properties: max-epochs=15 with cnn.max-epochs=18 and gru.max-epochs=14; search.trials=10 with
        // cnn.search.trials=3; gradient-clip-norm=0 with rnn.gradient-clip-norm=1.0.
        assertEquals(18, standard.trainingConfig(Architecture.CNN, true, 1).maxEpochs());
        assertEquals(14, standard.trainingConfig(Architecture.GRU, true, 1).maxEpochs());
        assertEquals(new SearchBudget.Trials(3), standard.searchBudget(Architecture.CNN));
        assertEquals(new SearchBudget.Trials(10), standard.searchBudget(Architecture.MLP));
        assertEquals(1.0f, standard.trainingConfig(Architecture.RNN, true, 1).gradientClipNorm());
        assertEquals(0f, standard.trainingConfig(Architecture.GRU, true, 1).gradientClipNorm());
    }

    @Test
    void theWeightAverageIsForTheQuickRunsAndNeverForASearchTrial() {
        TrainingProfile quick = TrainingProfile.load("quick");
        TrainingProfile standard = TrainingProfile.load("standard");
        for (Architecture model : Architecture.values()) {
            assertEquals(0.999f, quick.trainingConfig(model, true, 1).weightAverageDecay(), model.id());
            assertEquals(0f, standard.trainingConfig(model, true, 1).weightAverageDecay(), model.id());
            assertEquals(0f, quick.searchTrialConfig(model, true, 1).weightAverageDecay(),
                    "a trial is judged like the others, on its last weights: " + model.id());
        }
    }

    @Test
    void theStandardRecurrentModelsAndTheCnnRunTheirWholeSchedule() {
        TrainingProfile standard = TrainingProfile.load("standard");
        for (Architecture model : new Architecture[] {Architecture.RNN, Architecture.GRU, Architecture.CNN}) {
            TrainingConfig config = standard.trainingConfig(model, true, 1);
            assertEquals(config.maxEpochs(), config.patience(), "early stopping cannot cut " + model.id());
        }
        assertEquals(10, standard.trainingConfig(Architecture.MLP, true, 1).patience());
    }

    @Test
    void quickIsASubsetWithFewEpochsAndStandardUsesEverything() {
        TrainingProfile quick = TrainingProfile.load("quick");
        assertEquals(30_000, quick.trainCount());
        assertTrue(quick.augment(), "augmentation keeps the quick models as good on PNG scans as on MNIST arrays");
        assertEquals(3, quick.trainingConfig(Architecture.CNN, true, 1).maxEpochs());
        assertEquals(1, quick.trainingConfig(Architecture.GRU, true, 1).maxEpochs());
        assertEquals(2, quick.trainingConfig(Architecture.MLP, true, 1).maxEpochs());
        assertEquals(0, TrainingProfile.load("standard").trainCount());
        assertTrue(TrainingProfile.load("standard").augment());
    }

    @Test
    void bothProfilesTrainForScansWithTheBoundsChosenOnValidation() {
        for (String name : new String[] {"quick", "standard"}) {
            AugmentationBounds bounds = TrainingProfile.load(name).augmentationBounds();
            assertEquals(new AugmentationBounds(2, 10, 0.1f, 10, 0, 0.5f), bounds, name);
        }
    }

    @Test
    void aModelMayHaveItsOwnAugmentationAndABadOneIsAClearError() {
        TrainingProfile profile = TrainingProfile.load("augmentation-overrides");
        AugmentationBounds shared = new AugmentationBounds(2, 10, 0.1f, 10, 0, 0.5f);
        assertEquals(shared, profile.augmentationBounds());
        assertEquals(shared, profile.augmentationBounds(Architecture.MLP), "no mlp.augment.* keys: the shared bounds");
        assertEquals(new AugmentationBounds(2, 10, 0.05f, 10, 0, 0.25f), profile.augmentationBounds(Architecture.RNN));

        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> profile.augmentationBounds(Architecture.CNN));
        assertTrue(outOfRange.getMessage().contains("scale 0.9"), outOfRange.getMessage());
        IllegalStateException notANumber = assertThrows(IllegalStateException.class,
                () -> profile.augmentationBounds(Architecture.GRU));
        assertTrue(notANumber.getMessage().contains("augment.elastic-probability")
                && notANumber.getMessage().contains("half"), notANumber.getMessage());
    }

    @Test
    void anUnknownProfileIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingProfile.load("huge"));
        assertTrue(e.getMessage().contains("huge"));
    }
}
