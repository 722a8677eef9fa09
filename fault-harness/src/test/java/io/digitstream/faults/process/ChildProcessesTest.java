package io.digitstream.faults.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {

    private static final List<String> SLEEP = List.of("sleep", "60");

    @TempDir
    Path logs;

    @Test
    void stopsEveryChildLastStartedFirstEvenAfterARestart() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ChildProcesses children = new ChildProcesses(lines::add);
        ChildProcess broker = children.start("broker", SLEEP, Map.of(), logs.resolve("broker-1.log"));
        ChildProcess service = children.start("service", SLEEP, Map.of(), logs.resolve("service.log"));
        broker.kill();
        ChildProcess restarted = children.start("broker", SLEEP, Map.of(), logs.resolve("broker-2.log"));

        children.stopAll();

        assertFalse(service.isAlive());
        assertFalse(restarted.isAlive());
        assertEquals(List.of("stopping " + service, "stopping " + restarted),
                lines.stream().filter(line -> line.startsWith("stopping")).toList());
        assertThrows(IllegalStateException.class,
                () -> children.start("late", SLEEP, Map.of(), logs.resolve("late.log")));
    }

    @Test
    void refusesToStartASecondCopyOfALiveChild() throws Exception {
        ChildProcesses children = new ChildProcesses(line -> { });
        try {
            children.start("service", SLEEP, Map.of(), logs.resolve("service.log"));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> children.start("service", SLEEP, Map.of(), logs.resolve("service-2.log")));
            assertTrue(refused.getMessage().contains("still running"), refused::getMessage);
        } finally {
            children.stopAll();
        }
    }
}
