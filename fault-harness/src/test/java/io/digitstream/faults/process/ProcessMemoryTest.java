package io.digitstream.faults.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsResidentMemoryAndItsHighWaterMark() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nVmPeak:\t 9000000 kB\nVmHWM:\t  812345 kB\n"
                + "VmRSS:\t  654321 kB\nThreads:\t42\n";

        assertEquals(Optional.of(new ProcessMemory.Sample(654_321, 812_345)), ProcessMemory.parse(status));
    }

    @Test
    void aZombieHasNoMemoryToReport() {
        assertEquals(Optional.empty(), ProcessMemory.parse("Name:\tjava\nState:\tZ (zombie)\nThreads:\t1\n"));
    }

    @Test
    void readsALiveProcess() {
        ProcessMemory.Sample sample = ProcessMemory.of(ProcessHandle.current().pid()).orElseThrow();

        assertTrue(sample.rssKb() > 0 && sample.highWaterKb() >= sample.rssKb(), sample::toString);
    }
}
