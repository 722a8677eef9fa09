package io.digitstream.trainer.train;

import ai.djl.Model;
import ai.djl.nn.Block;
import io.digitstream.trainer.data.DigitSet;
import io.digitstream.trainer.model.ModelHyperparameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Random search, judged on validation loss only. Trial 1 is always the model's defaults, so the search can only
 * improve on them; later trials are drawn from the {@link SearchSpace} in a sequence seeded by the run's seed, so a
 * {@link SearchBudget.Trials} budget tries the same candidates on every host. The final model is then retrained from
 * scratch with the chosen configuration for the full number of epochs (trial weights are thrown away).
 */
public final class HyperparameterSearch {

    private final ModelTrainer trainer;
    private final SearchSpace space;
    private final Consumer<String> log;

    public HyperparameterSearch(ModelTrainer trainer, SearchSpace space, Consumer<String> log) {
        this.trainer = trainer;
        this.space = space;
        this.log = log;
    }

    /** All trials (the chosen one marked {@code selected}) and the chosen candidate. */
    public record Result(List<TrialResult> trials, SearchSpace.Candidate chosen) {
    }

    /**
     * Runs trials of {@code trialConfig.maxEpochs()} epochs each within {@code budget}. A budget of no trials
     * chooses the defaults.
     */
    public Result run(String name, Function<ModelHyperparameters, Block> blocks, ModelHyperparameters defaults,
            TrainingConfig trialConfig, DigitSet train, DigitSet validation, SearchBudget budget) {
        SearchSpace.Candidate defaultCandidate = new SearchSpace.Candidate(defaults, trialConfig);
        if (budget.isNone()) {
            return new Result(List.of(), defaultCandidate);
        }
        Random random = new Random(trialConfig.seed());
        long started = System.nanoTime();
        double slowestTrial = 0;
        List<TrialResult> trials = new ArrayList<>();
        List<SearchSpace.Candidate> candidates = new ArrayList<>();
        SearchSpace.Candidate candidate = defaultCandidate;
        while (budget.allowsAnother(trials.size(), slowestTrial, Duration.ofNanos(System.nanoTime() - started))) {
            int number = trials.size() + 1;
            TrialResult trial = runTrial(name, number, blocks, candidate, train, validation);
            trials.add(trial);
            candidates.add(candidate);
            slowestTrial = Math.max(slowestTrial, trial.seconds());
            log.accept(String.format("%s search trial %d: width %d, dropout %.2f, lr %.5f, batch %d -> val-loss %.4f"
                    + " val-acc %.4f (%.1f s)", name, number, candidate.model().width(), candidate.model().dropout(),
                    candidate.config().learningRate(), candidate.config().batchSize(), trial.bestValLoss(),
                    trial.bestValAccuracy(), trial.seconds()));
            candidate = space.sample(random, defaults, trialConfig);
        }
        TrialResult best = trials.stream().min(Comparator.comparingDouble(TrialResult::bestValLoss)).orElseThrow();
        List<TrialResult> marked = trials.stream()
                .map(t -> new TrialResult(t.trial(), t.model(), t.config(), t.epochsRun(), t.bestValLoss(),
                        t.bestValAccuracy(), t.seconds(), t == best))
                .toList();
        return new Result(marked, candidates.get(best.trial() - 1));
    }

    private TrialResult runTrial(String name, int number, Function<ModelHyperparameters, Block> blocks,
            SearchSpace.Candidate candidate, DigitSet train, DigitSet validation) {
        TrainingConfig config = candidate.config();
        long started = System.nanoTime();
        try (Model model = Model.newInstance(name + "-trial-" + number)) {
            model.setBlock(blocks.apply(candidate.model()));
            ModelTrainer.Outcome outcome = trainer.fit(model, train, validation, config, name + " trial " + number);
            return new TrialResult(number, candidate.model(), config, outcome.epochsRun(), outcome.bestValLoss(),
                    outcome.bestValAccuracy(), outcome.seconds(), false);
        } catch (TrainingDivergedException diverged) {
            log.accept(name + " search trial " + number + " diverged: " + diverged.getMessage());
            return new TrialResult(number, candidate.model(), config, config.maxEpochs(), Double.MAX_VALUE, 0,
                    (System.nanoTime() - started) / 1e9, false);
        }
    }
}
