package io.digitstream.inference.model;

import io.digitstream.inference.model.ReloadOutcome.Result;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;

/**
 * The model sets serving now, swapped without a restart. A batch {@link #acquire() acquires} the current sets and holds
 * them to its end; a reload loads and verifies the new sets beside the serving ones, then swaps between two batches
 * (the write lock waits only for batches already running), then closes what no longer serves. A set that fails
 * verification is refused and the serving sets keep serving. Sets already loaded are reused, so promoting the
 * challenger costs no load.
 */
public final class ModelRegistry implements AutoCloseable {

    /** Told about every reload attempt and every swap (metrics live outside). */
    public interface Observer {
        Observer NONE = new Observer() {
        };

        default void reloaded(ReloadOutcome outcome) {
        }

        default void serving(ServingModels models) {
        }
    }

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ModelSource source;
    private final OnnxThreads threads;
    private final Clock clock;
    private final Observer observer;
    // Readers are batches (and /api/predict calls); the only writer is the swap, which takes microseconds once it runs.
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile ServingModels current;
    private volatile ReloadOutcome lastOutcome;
    private String lastSeenFingerprint;
    private boolean closed;

    private ModelRegistry(ModelSource source, OnnxThreads threads, Clock clock, Observer observer, ServingModels initial,
            ReloadOutcome outcome, String fingerprint) {
        this.source = source;
        this.threads = threads;
        this.clock = clock;
        this.observer = observer;
        this.current = initial;
        this.lastOutcome = outcome;
        this.lastSeenFingerprint = fingerprint;
        observer.reloaded(outcome);
        observer.serving(initial);
    }

    /** Loads what {@code source} names. @throws ModelIntegrityException when it fails verification: nothing to serve */
    public static ModelRegistry open(ModelSource source, OnnxThreads threads, Clock clock, Observer observer) {
        String fingerprint = source.fingerprint();
        ModelSource.Selection selection = source.select();
        ServingModels initial = load(selection, null, threads, clock);
        ReloadOutcome outcome = outcome(clock, "start", Result.SWAPPED, "loaded", initial);
        LOG.infof("Serving model set %s from %s%s", initial.champion().set().version(),
                initial.champion().location().directory(), challengerSuffix(initial));
        return new ModelRegistry(source, threads, clock, observer, initial, outcome, fingerprint);
    }

    /** One set that never changes (benchmarks and unit tests). */
    public static ModelRegistry fixed(ModelSet set) {
        Clock clock = Clock.systemUTC();
        ServingModels initial = new ServingModels(new ServingModels.Loaded(set,
                new ModelSource.SetLocation(set.directory(), "fixed"), clock.instant()), Optional.empty());
        return new ModelRegistry(null, null, clock, Observer.NONE, initial,
                outcome(clock, "start", Result.SWAPPED, "fixed", initial), "fixed");
    }

    /** The sets serving now, held until the lease is closed. Close it on the thread that acquired it. */
    public Lease acquire() {
        lock.readLock().lock();
        return new Lease(current);
    }

    /** The sets serving now, for reading only (their sessions may be closed after a later swap). */
    public ServingModels current() {
        return current;
    }

    /** The directory the sets come from ({@code digitstream.models.dir}); null for a fixed set. */
    public java.nio.file.Path sourceDir() {
        return source == null ? null : source.dir();
    }

    public ReloadOutcome lastOutcome() {
        return lastOutcome;
    }

    /** Reloads when the source's pointer or manifest changed since last looked at; empty when it did not. */
    public synchronized Optional<ReloadOutcome> reloadIfChanged() {
        if (source == null || closed) {
            return Optional.empty();
        }
        String fingerprint = source.fingerprint();
        if (fingerprint.equals(lastSeenFingerprint)) {
            return Optional.empty();
        }
        lastSeenFingerprint = fingerprint;
        return Optional.of(reload("change"));
    }

    /** Loads what the source names now, verifies it and swaps it in; or refuses it and keeps serving. */
    public synchronized ReloadOutcome reload(String trigger) {
        if (source == null || closed) {
            return record(outcome(clock, trigger, Result.UNCHANGED, "this registry serves a fixed set", current));
        }
        lastSeenFingerprint = source.fingerprint();
        ServingModels serving = current;
        ServingModels next;
        try {
            next = load(source.select(), serving, threads, clock);
        } catch (RuntimeException e) {
            LOG.errorf("Model reload (%s) refused, the serving sets keep serving: %s", trigger, e.getMessage());
            return record(outcome(clock, trigger, Result.REFUSED, e.getMessage(), serving));
        }
        if (sameSets(serving, next)) {
            return record(outcome(clock, trigger, Result.UNCHANGED, "the source names the serving sets", serving));
        }
        lock.writeLock().lock();
        try {
            current = next;
        } finally {
            lock.writeLock().unlock();
        }
        // No batch holds the previous sets now: any that took them has released its read lock before the swap.
        closeUnused(serving, next);
        observer.serving(next);
        LOG.infof("Model reload (%s): serving %s%s from the next batch on (was %s%s)", trigger,
                next.champion().set().version(), challengerSuffix(next), serving.champion().set().version(),
                challengerSuffix(serving));
        return record(outcome(clock, trigger, Result.SWAPPED, "swapped", next));
    }

    private ReloadOutcome record(ReloadOutcome outcome) {
        lastOutcome = outcome;
        observer.reloaded(outcome);
        return outcome;
    }

    /**
     * Loads each named set unless {@code serving} already has it (same directory, same manifest bytes). On any failure
     * the sets loaded here are closed again, so a refusal leaks no sessions.
     */
    private static ServingModels load(ModelSource.Selection selection, ServingModels serving, OnnxThreads threads,
            Clock clock) {
        List<ModelSet> loadedHere = new ArrayList<>();
        try {
            ServingModels.Loaded champion = loadOrReuse(selection.champion(), serving, threads, clock, loadedHere);
            Optional<ServingModels.Loaded> challenger = Optional.empty();
            if (selection.challenger().isPresent()) {
                challenger = Optional.of(loadOrReuse(selection.challenger().get(), serving, threads, clock, loadedHere));
            }
            return new ServingModels(champion, challenger);
        } catch (RuntimeException e) {
            loadedHere.forEach(ModelSet::close);
            throw e;
        }
    }

    private static ServingModels.Loaded loadOrReuse(ModelSource.SetLocation location, ServingModels serving,
            OnnxThreads threads, Clock clock, List<ModelSet> loadedHere) {
        if (serving != null) {
            for (ServingModels.Loaded loaded : loadedSets(serving)) {
                if (loaded.location().equals(location)) {
                    return loaded;
                }
            }
        }
        ModelSet set = ModelSet.load(location.directory(), threads);
        loadedHere.add(set);
        return new ServingModels.Loaded(set, location, clock.instant());
    }

    private static List<ServingModels.Loaded> loadedSets(ServingModels serving) {
        List<ServingModels.Loaded> sets = new ArrayList<>(2);
        sets.add(serving.champion());
        serving.challenger().ifPresent(sets::add);
        return sets;
    }

    private static boolean sameSets(ServingModels a, ServingModels b) {
        return a.champion() == b.champion() && a.challenger().equals(b.challenger());
    }

    private static void closeUnused(ServingModels previous, ServingModels next) {
        for (ServingModels.Loaded loaded : loadedSets(previous)) {
            if (!next.uses(loaded.set())) {
                loaded.set().close();
            }
        }
    }

    private static ReloadOutcome outcome(Clock clock, String trigger, Result result, String message,
            ServingModels serving) {
        return new ReloadOutcome(clock.instant(), trigger, result, message, serving.champion().set().version(),
                serving.challenger().map(loaded -> loaded.set().version()).orElse(null));
    }

    private static String challengerSuffix(ServingModels serving) {
        return serving.challenger().map(loaded -> " with challenger " + loaded.set().version()).orElse("");
    }

    /** Closes every serving session, after the batches running now. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock.writeLock().lock();
        try {
            loadedSets(current).stream().map(ServingModels.Loaded::set).distinct().forEach(ModelSet::close);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The sets one batch runs on; closing it lets a waiting swap proceed. */
    public final class Lease implements AutoCloseable {

        private final ServingModels models;
        private boolean released;

        private Lease(ServingModels models) {
            this.models = models;
        }

        public ServingModels models() {
            return models;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                lock.readLock().unlock();
            }
        }
    }
}
