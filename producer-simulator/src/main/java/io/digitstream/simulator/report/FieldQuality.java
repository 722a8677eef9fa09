package io.digitstream.simulator.report;

/**
 * How well one model (or the ensemble) read the fields whose true string the simulator knows.
 *
 * @param exactMatch    share of fields read exactly
 * @param digitAccuracy share of their digits read right (a field read at the wrong length counts all wrong)
 * @param lengthRight   share of fields read with the right number of digits
 */
public record FieldQuality(long fields, Double exactMatch, Double digitAccuracy, Double lengthRight) {
}
