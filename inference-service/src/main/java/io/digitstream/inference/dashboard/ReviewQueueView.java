package io.digitstream.inference.dashboard;

import java.util.List;

/**
 * The body of {@code GET /api/review}: the newest unanswered items first, and how many were flagged and answered since
 * the service started.
 */
public record ReviewQueueView(long totalFlagged, long totalAnswered, List<ReviewEntry> newest) {
}
