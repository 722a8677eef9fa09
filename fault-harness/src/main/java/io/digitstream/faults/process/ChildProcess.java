package io.digitstream.faults.process;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One operating-system process the harness started, with the file its output goes to. */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;

    ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or {@code null} while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** SIGKILL (what {@code kill -9} sends), then waits until the kernel has reaped it, at most 30 s. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, and SIGKILL if it has not exited after {@code graceSeconds}: a stuck process must not keep the
     * harness (or Ctrl-C) waiting without bound.
     *
     * @return true when it exited on SIGTERM
     */
    public boolean stop(long graceSeconds) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
