package io.digitstream.inference.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the image consumer is making progress. Work is pending from the moment a batch is consumed until one is
 * committed; pending for longer than the stall timeout means the consumer is stuck (a broken model, a producer that
 * can no longer commit) and liveness fails, so the platform restarts the process: a new process gets a new producer
 * and session, which this one cannot. A fenced producer never recovers, so it fails liveness at once.
 * {@link ConsumerProgressCheck} publishes it as a liveness check.
 */
@ApplicationScoped
public class ConsumerProgress {

    private final Duration stallTimeout;
    private final Clock clock;
    private volatile Instant pendingSince;
    private volatile Instant lastCommit;
    private volatile String lastFailure;
    private volatile boolean fatal;

    @Inject
    public ConsumerProgress(@ConfigProperty(name = "digitstream.health.stall-timeout") Duration stallTimeout) {
        this(stallTimeout, Clock.systemUTC());
    }

    ConsumerProgress(Duration stallTimeout, Clock clock) {
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    public void batchConsumed() {
        if (pendingSince == null) {
            pendingSince = clock.instant();
        }
    }

    public void batchCommitted() {
        lastCommit = clock.instant();
        pendingSince = null;
        lastFailure = null;
    }

    public void failed(Throwable failure) {
        lastFailure = failure.toString();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Only fencing is final: an InvalidProducerEpochException (a transaction the coordinator timed out) is
            // abortable, and other errors show up as a stall if they last.
            if (cause instanceof ProducerFencedException) {
                fatal = true;
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
    }

    /** Whether a failure only a new process recovers from has happened: the output producer was fenced. */
    public boolean fatal() {
        return fatal;
    }

    /** How long work has been pending without a commit, if it has. */
    public Optional<Duration> stalledFor() {
        Instant since = pendingSince;
        return since == null ? Optional.empty() : Optional.of(Duration.between(since, clock.instant()));
    }

    public HealthCheckResponse health() {
        Duration stalled = stalledFor().orElse(Duration.ZERO);
        boolean up = !fatal && stalled.compareTo(stallTimeout) <= 0;
        var response = HealthCheckResponse.named("image-consumer-progress").status(up)
                .withData("pendingWithoutCommitMs", stalled.toMillis())
                .withData("stallTimeoutMs", stallTimeout.toMillis())
                .withData("lastCommit", lastCommit == null ? "never" : lastCommit.toString());
        if (lastFailure != null) {
            response.withData("lastFailure", lastFailure.length() > 500 ? lastFailure.substring(0, 500) : lastFailure);
        }
        if (fatal) {
            response.withData("fatal", "the output producer was fenced; only a restart recovers");
        }
        return response.build();
    }
}
