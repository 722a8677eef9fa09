package io.digitstream.schemas;

/**
 * How a field was cut into digits.
 *
 * @param guessed      a length hint forced a split or merge the ink alone did not show
 * @param linesRemoved printed straight lines (comb box walls, an underline) were removed before cutting
 */
public record FieldSegmentation(boolean guessed, boolean linesRemoved) {
}
