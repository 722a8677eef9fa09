package io.digitstream.inference.model;

import ai.onnxruntime.OrtException;
import io.digitstream.schemas.DigitPrediction;
import io.digitstream.schemas.EnsemblePrediction;
import io.digitstream.schemas.ModelContract;
import io.digitstream.schemas.ModelPrediction;
import io.digitstream.schemas.SoftVote;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs every model once over a whole batch and turns the logits into one {@link DigitPrediction} per image. */
public final class DigitClassifier {

    private final ModelSet models;
    /** The manifest's soft-vote weights, in model order. */
    private final double[] voteWeights;
    private final InferenceObserver observer;
    private final Clock clock;

    public DigitClassifier(ModelSet models, InferenceObserver observer, Clock clock) {
        this.models = models;
        this.voteWeights = models.manifest().voteWeights();
        this.observer = observer;
        this.clock = clock;
    }

    /** @throws OrtException when ONNX Runtime fails: a fault of the service, not of the input, so it is not caught here */
    public List<DigitPrediction> classify(List<ClassificationRequest> requests) throws OrtException {
        if (requests.isEmpty()) {
            return List.of();
        }
        int count = requests.size();
        float[] batch = new float[count * ModelContract.PIXELS];
        for (int i = 0; i < count; i++) {
            System.arraycopy(requests.get(i).pixels(), 0, batch, i * ModelContract.PIXELS, ModelContract.PIXELS);
        }
        List<OnnxModel> onnxModels = models.models();
        List<double[][]> probabilitiesPerModel = new ArrayList<>(onnxModels.size());
        double[] latencyMsPerImage = new double[onnxModels.size()];
        for (int m = 0; m < onnxModels.size(); m++) {
            OnnxModel model = onnxModels.get(m);
            long start = System.nanoTime();
            float[][] logits = model.logits(batch, count);
            long nanos = System.nanoTime() - start;
            observer.modelBatch(model.name(), count, nanos);
            latencyMsPerImage[m] = nanos / 1e6 / count;
            double[][] probabilities = new double[count][];
            for (int i = 0; i < count; i++) {
                probabilities[i] = SoftVote.softmax(logits[i]);
            }
            probabilitiesPerModel.add(probabilities);
        }
        Instant predictedAt = clock.instant();
        List<DigitPrediction> predictions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            predictions.add(prediction(requests.get(i), i, probabilitiesPerModel, latencyMsPerImage, predictedAt));
        }
        return predictions;
    }

    private DigitPrediction prediction(ClassificationRequest request, int index, List<double[][]> probabilitiesPerModel,
            double[] latencyMsPerImage, Instant predictedAt) {
        List<OnnxModel> onnxModels = models.models();
        List<double[]> imageProbabilities = new ArrayList<>(onnxModels.size());
        List<ModelPrediction> modelPredictions = new ArrayList<>(onnxModels.size());
        for (int m = 0; m < onnxModels.size(); m++) {
            double[] probabilities = probabilitiesPerModel.get(m)[index];
            imageProbabilities.add(probabilities);
            int digit = SoftVote.argmax(probabilities);
            modelPredictions.add(new ModelPrediction(onnxModels.get(m).name(), onnxModels.get(m).version(), digit,
                    EnsembleAnswer.clampUnit(probabilities[digit]), EnsembleAnswer.boxed(probabilities), latencyMsPerImage[m]));
        }
        EnsemblePrediction ensemble = EnsembleAnswer.of(imageProbabilities, voteWeights);
        return new DigitPrediction(request.id(), modelPredictions, ensemble,
                EnsembleAnswer.agreement(imageProbabilities, ensemble.digit()), request.capturedAt(), request.receivedAt(),
                predictedAt);
    }
}
