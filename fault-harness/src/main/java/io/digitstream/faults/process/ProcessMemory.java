package io.digitstream.faults.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process's resident memory from {@code /proc/<pid>/status} (Linux): VmRSS now and VmHWM, the highest RSS the
 * process has had since it started, so a spike between two samples is not missed.
 */
public final class ProcessMemory {

    /** Resident set size now and its high-water mark, in KiB as the kernel reports them. */
    public record Sample(long rssKb, long highWaterKb) {
    }

    private ProcessMemory() {
    }

    /** Empty when the process is gone (or this is not Linux). */
    public static Optional<Sample> of(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            // A process that exits while its status is read gives ESRCH as a plain IOException.
            return Optional.empty();
        }
    }

    static Optional<Sample> parse(String status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kilobytes(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kilobytes(line);
            }
        }
        // A zombie (killed, not yet reaped) has neither line.
        return rss < 0 || hwm < 0 ? Optional.empty() : Optional.of(new Sample(rss, hwm));
    }

    private static long kilobytes(String line) {
        // "VmRSS:\t  123456 kB"
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }
}
