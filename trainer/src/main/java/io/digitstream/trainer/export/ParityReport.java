package io.digitstream.trainer.export;

/** How closely an exported ONNX file reproduces the training engine's logits on the test set. */
public record ParityReport(int images, double maxAbsLogitDelta, double argmaxAgreement) {
}
