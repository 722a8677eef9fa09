package io.digitstream.simulator.report;

import java.util.Map;

/**
 * The fields part of a run's report, present when the run sent form fields.
 *
 * @param models   each model's reading, from its own answer to every digit the service cut
 * @param ensemble the reading the service published ({@code value})
 * @param doubtful fields whose reading came with doubts (and go to review)
 */
public record FieldsReport(Map<String, FieldQuality> models, FieldQuality ensemble, long doubtful) {
}
