package io.digitstream.faults.report;

/** One expectation of a scenario and whether the run met it. */
public record Check(String name, boolean passed, String detail) {
}
