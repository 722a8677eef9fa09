/**
 * The four model families as DJL blocks, one class per architecture ({@link io.digitstream.trainer.model.MlpModel},
 * {@link io.digitstream.trainer.model.RnnModel}, {@link io.digitstream.trainer.model.GruModel},
 * {@link io.digitstream.trainer.model.CnnModel}), found through
 * {@link io.digitstream.trainer.model.DigitModels#of}.
 *
 * <p>Every block reads float32 {@code [N,28,28]} pixels in [0,1] with ink = 1 and returns logits {@code [N,10]}. The
 * MNIST mean/std normalisation ({@link io.digitstream.trainer.model.PixelNormalization}) is the first layer of every
 * block, so training, the engine's own evaluation and the exported ONNX graph all take the same raw pixels.
 *
 * <p>Cost convention: {@code flopsPerImage} is 2 x the multiply-accumulates of dense, convolution and recurrent
 * matrix products (for recurrent models, for all 28 time steps); element-wise work is not counted. Parameter counts
 * ({@link io.digitstream.trainer.model.DigitModels#parameterCount}) include batch-norm running statistics.
 */
package io.digitstream.trainer.model;
