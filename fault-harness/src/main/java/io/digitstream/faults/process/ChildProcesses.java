package io.digitstream.faults.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every process the harness started, so that all of them are stopped at the end, on failure and on Ctrl-C (from a
 * shutdown hook), and none outlives the run. A process started again under the same name (a restart after a kill)
 * takes its predecessor's place, so the stop order stays the order of first start, reversed. Thread-safe: the
 * shutdown hook may stop them while a scenario starts one.
 */
public final class ChildProcesses {

    /** The service drains its batch transaction and leaves its groups in a few seconds; ~40 s is a stuck one. */
    private static final long GRACE_SECONDS = 30;

    private final List<ChildProcess> started = new ArrayList<>();
    private final Consumer<String> progress;
    private boolean closed;

    public ChildProcesses(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Starts {@code command} with its output (stdout and stderr) appended to {@code log}. DJL must never phone home,
     * so {@code OPT_OUT_TRACKING=true} is in every child's environment.
     */
    public synchronized ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("the harness is stopping; not starting " + name);
        }
        int previous = indexOf(name);
        if (previous >= 0 && started.get(previous).isAlive()) {
            throw new IllegalStateException(started.get(previous) + " is still running; kill it before a restart");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        ChildProcess child = new ChildProcess(name, builder.start(), log);
        if (previous < 0) {
            started.add(child);
        } else {
            started.set(previous, child);
        }
        return child;
    }

    /**
     * Stops every live process, last started first (the service before the broker, also after the broker was
     * restarted), each gone before the next is told: the service leaves its consumer groups while the broker is still
     * there. Idempotent; later {@link #start} calls fail.
     */
    public void stopAll() {
        List<ChildProcess> toStop;
        synchronized (this) {
            closed = true;
            toStop = new ArrayList<>(started);
            started.clear();
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            ChildProcess child = toStop.get(i);
            if (child.isAlive()) {
                progress.accept("stopping " + child);
                long start = System.nanoTime();
                if (child.stop(GRACE_SECONDS)) {
                    progress.accept(String.format(Locale.ROOT, "%s exited %.1f s after SIGTERM", child.name(),
                            (System.nanoTime() - start) / 1e9));
                } else {
                    progress.accept(child + " did not exit within " + GRACE_SECONDS + " s of SIGTERM; killed");
                }
            }
        }
    }

    private int indexOf(String name) {
        for (int i = 0; i < started.size(); i++) {
            if (started.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
