package io.digitstream.faults;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines, each stamped with the seconds since the run started; safe to call from any thread. */
public final class Console {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Console(PrintStream out) {
        this.out = out;
    }

    public synchronized void line(String message) {
        out.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
        out.flush();
    }

    public synchronized void raw(String text) {
        out.print(text);
        out.flush();
    }
}
