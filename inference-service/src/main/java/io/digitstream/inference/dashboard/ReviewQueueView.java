package io.digitstream.inference.dashboard;

import java.util.List;

/** The body of {@code GET /api/review}: the newest items first, and how many arrived since the service started. */
public record ReviewQueueView(long totalFlagged, List<ReviewEntry> newest) {
}
