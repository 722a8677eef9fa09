package io.digitstream.inference.model;

import ai.onnxruntime.OrtException;
import io.digitstream.schemas.ChallengerPrediction;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.ModelRole;
import io.digitstream.schemas.SoftVote;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs every model once over a whole batch and turns the logits into one {@link DigitPrediction} per image. The
 * batch takes the serving sets once, so all its predictions come from one champion version; a challenger, when one
 * serves, runs on the same batch and its answers ride along without deciding anything.
 */
public final class DigitClassifier {

    private static final Logger LOG = Logger.getLogger(DigitClassifier.class);

    private final ModelRegistry registry;
    private final InferenceObserver observer;
    private final Clock clock;

    public DigitClassifier(ModelRegistry registry, InferenceObserver observer, Clock clock) {
        this.registry = registry;
        this.observer = observer;
        this.clock = clock;
    }

    /** A classifier of one fixed set (benchmarks, tests). */
    public DigitClassifier(ModelSet models, InferenceObserver observer, Clock clock) {
        this(ModelRegistry.fixed(models), observer, clock);
    }

    /**
     * @throws OrtException when ONNX Runtime fails on a champion model: a fault of the service, not of the input, so
     *                      it is not caught here. A challenger's failure only leaves its answers out.
     */
    public List<DigitPrediction> classify(List<ClassificationRequest> requests) throws OrtException {
        if (requests.isEmpty()) {
            return List.of();
        }
        int count = requests.size();
        float[] batch = new float[count * ModelContract.PIXELS];
        for (int i = 0; i < count; i++) {
            System.arraycopy(requests.get(i).pixels(), 0, batch, i * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        try (ModelRegistry.Lease lease = registry.acquire()) {
            ServingModels serving = lease.models();
            SetAnswers champion = run(serving.champion().set(), ModelRole.CHAMPION, batch, count);
            SetAnswers challenger = null;
            if (serving.challenger().isPresent()) {
                ModelSet challengerSet = serving.challenger().get().set();
                try {
                    challenger = run(challengerSet, ModelRole.CHALLENGER, batch, count);
                } catch (OrtException | RuntimeException e) {
                    // The challenger decides nothing, so it cannot fail a batch either.
                    observer.challengerFailed(challengerSet.version());
                    LOG.warnf("Challenger set %s failed on a batch of %d, its answers are left out: %s",
                            challengerSet.version(), count, e.toString());
                }
            }
            Instant predictedAt = clock.instant();
            int agreed = 0;
            List<DigitPrediction> predictions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ClassificationRequest request = requests.get(i);
                Answer main = champion.answer(i);
                ChallengerPrediction shadow = challenger == null ? null : challenger.answer(i).asChallenger(challenger.set);
                if (shadow != null && shadow.ensemble().digit() == main.ensemble.digit()) {
                    agreed++;
                }
                predictions.add(new DigitPrediction(request.id(), main.models, main.ensemble, main.agreement,
                        request.capturedAt(), request.receivedAt(), predictedAt, champion.set.version(), shadow));
            }
            if (challenger != null) {
                observer.challengerCompared(challenger.set.version(), agreed, count);
            }
            return predictions;
        }
    }

    private SetAnswers run(ModelSet set, ModelRole role, float[] batch, int count) throws OrtException {
        List<OnnxModel> onnxModels = set.models();
        List<double[][]> probabilitiesPerModel = new ArrayList<>(onnxModels.size());
        double[] latencyMsPerImage = new double[onnxModels.size()];
        for (int m = 0; m < onnxModels.size(); m++) {
            OnnxModel model = onnxModels.get(m);
            long start = System.nanoTime();
            float[][] logits = model.logits(batch, count);
            long nanos = System.nanoTime() - start;
            observer.modelBatch(model.name(), role, count, nanos);
            latencyMsPerImage[m] = nanos / 1e6 / count;
            double[][] probabilities = new double[count][];
            for (int i = 0; i < count; i++) {
                probabilities[i] = SoftVote.softmax(logits[i]);
            }
            probabilitiesPerModel.add(probabilities);
        }
        return new SetAnswers(set, set.manifest().voteWeights(), probabilitiesPerModel, latencyMsPerImage);
    }

    private record Answer(List<ModelPrediction> models, EnsemblePrediction ensemble, boolean agreement) {
        ChallengerPrediction asChallenger(ModelSet set) {
            return new ChallengerPrediction(set.version(), models, ensemble, agreement);
        }
    }

    /** One set's probabilities for the whole batch. */
    private record SetAnswers(ModelSet set, double[] voteWeights, List<double[][]> probabilitiesPerModel,
            double[] latencyMsPerImage) {

        Answer answer(int index) {
            List<OnnxModel> onnxModels = set.models();
            List<double[]> imageProbabilities = new ArrayList<>(onnxModels.size());
            List<ModelPrediction> modelPredictions = new ArrayList<>(onnxModels.size());
            for (int m = 0; m < onnxModels.size(); m++) {
                double[] probabilities = probabilitiesPerModel.get(m)[index];
                imageProbabilities.add(probabilities);
                int digit = SoftVote.argmax(probabilities);
                modelPredictions.add(new ModelPrediction(onnxModels.get(m).name(), onnxModels.get(m).version(), digit,
                        EnsembleAnswer.clampUnit(probabilities[digit]), EnsembleAnswer.boxed(probabilities),
                        latencyMsPerImage[m]));
            }
            EnsemblePrediction ensemble = EnsembleAnswer.of(imageProbabilities, voteWeights);
            return new Answer(modelPredictions, ensemble, EnsembleAnswer.agreement(imageProbabilities, ensemble.digit()));
        }
    }
}
