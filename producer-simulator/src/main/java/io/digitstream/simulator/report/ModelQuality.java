package io.digitstream.simulator.report;

/** Quality of one model (or the ensemble) over the predictions whose true label the simulator knows. */
public record ModelQuality(long predictions, long labelled, Double accuracy, Double meanLogLoss) {
}
