package io.digitstream.trainer.train;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How much a hyperparameter search may try. A number of trials makes the same picks on every host (the candidates
 * come from a seeded sequence); wall time makes fewer trials on a slower host, so the trained model depends on the
 * machine (docs/benchmarks.md, "Weight averaging and early stopping": one CNN search ran one trial instead of two and
 * read 99.56 % instead of 99.62 %). Profiles use trials; {@code --time-budget} still asks for time.
 */
public sealed interface SearchBudget {

    /** No search: the model's defaults. */
    SearchBudget NONE = new Trials(0);

    /** Whether a trial after {@code done} trials may start, the slowest of them having taken {@code slowestSeconds}. */
    boolean allowsAnother(int done, double slowestSeconds, Duration elapsed);

    /** Whether the budget runs no trial at all. */
    boolean isNone();

    /** A short description for the log, such as "3 trials" or "45 s". */
    String describe();

    /** Exactly {@code count} trials, the first being the model's defaults. */
    record Trials(int count) implements SearchBudget {

        public Trials {
            if (count < 0) {
                throw new IllegalArgumentException("the number of search trials cannot be negative, was " + count);
            }
        }

        @Override
        public boolean allowsAnother(int done, double slowestSeconds, Duration elapsed) {
            return done < count;
        }

        @Override
        public boolean isNone() {
            return count == 0;
        }

        @Override
        public String describe() {
            return count == 1 ? "1 trial" : count + " trials";
        }
    }

    /**
     * Trials while wall time lasts: a new trial starts only while the budget still has room for one as long as the
     * slowest so far. A positive budget always runs the first trial.
     */
    record Time(Duration limit) implements SearchBudget {

        public Time {
            Objects.requireNonNull(limit, "limit");
            if (limit.isNegative()) {
                throw new IllegalArgumentException("the search time budget cannot be negative, was " + limit);
            }
        }

        @Override
        public boolean allowsAnother(int done, double slowestSeconds, Duration elapsed) {
            if (isNone()) {
                return false;
            }
            return done == 0 || elapsed.toNanos() + slowestSeconds * 1e9 <= limit.toNanos();
        }

        @Override
        public boolean isNone() {
            return limit.isZero();
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%.0f s", limit.toMillis() / 1000.0);
        }
    }
}
