/**
 * ONNX export of trained blocks and the parity gate that decides whether an export may ship.
 *
 * <p>{@link io.digitstream.trainer.export.OnnxExporter} writes opset 17 graphs with the generated
 * {@code ai.onnx.proto.OnnxMl} protobuf classes. Input {@code pixels} float32 {@code [N,28,28]}, output
 * {@code logits} float32 {@code [N,10]}, {@code N} symbolic. How DJL's (PyTorch engine) layers map to ONNX:
 * <ul>
 *   <li>normalisation: {@code Sub(mean)} then {@code Div(std)}, the same float32 operations as the block;</li>
 *   <li>{@code Linear} (weight {@code [out,in]}, bias {@code [out]}): {@code Gemm} with {@code transB=1};</li>
 *   <li>{@code Conv2d} (weight {@code [out,in,3,3]}, no bias): {@code Conv} with same padding;</li>
 *   <li>{@code BatchNorm} ({@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar}):
 *       {@code BatchNormalization} in inference mode with the running statistics and the model's epsilon;</li>
 *   <li>{@code RNN}/{@code GRU} (per layer {@code l_k_i2h_WEIGHT}, {@code l_k_h2h_WEIGHT}, {@code l_k_i2h_BIAS},
 *       {@code l_k_h2h_BIAS}): one ONNX {@code RNN}/{@code GRU} node per layer on a time-first input
 *       ({@code Transpose} first, since ONNX Runtime does not run batch-first recurrent layers), biases concatenated
 *       input-then-recurrent; GRU gate blocks reordered from PyTorch's (r,z,n) to ONNX's (z,r,h) with
 *       {@code linear_before_reset=1}; the last layer's {@link io.digitstream.trainer.model.Readout} feeds the
 *       dense layer: its final state {@code Y_h} (GRU), or {@code ReduceMean} of its outputs {@code Y} over the steps
 *       (simple RNN);</li>
 *   <li>dropout is the identity at inference and is left out.</li>
 * </ul>
 *
 * <p>{@link io.digitstream.trainer.export.ParityGate} runs the written file in ONNX Runtime and refuses it unless
 * every logit is within 1e-4 of the engine's and every argmax agrees. A wrong export can still classify well (a GRU
 * with {@code linear_before_reset=0} scores about 86 %), which is why accuracy alone is no check.
 */
package io.digitstream.trainer.export;
