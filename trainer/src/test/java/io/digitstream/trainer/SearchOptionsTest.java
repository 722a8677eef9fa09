package io.digitstream.trainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search options on the real command line: refused before any data is read or anything is written. */
class SearchOptionsTest {

    @TempDir
    Path dir;

    private String refused(String... searchOptions) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = TrainerCli.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] args = new String[searchOptions.length + 6];
        System.arraycopy(new String[] {"--layout", "flat", "--output", dir.resolve("models").toString(), "--reports",
                dir.resolve("reports").toString()}, 0, args, 0, 6);
        System.arraycopy(searchOptions, 0, args, 6, searchOptions.length);
        int exit = commandLine.execute(args);
        assertEquals(2, exit, "a usage error: " + err);
        assertTrue(Files.notExists(dir.resolve("models")) && Files.notExists(dir.resolve("reports")),
                "nothing written");
        return err.toString();
    }

    @Test
    void trialsAndTimeExcludeEachOther() {
        assertTrue(refused("--search-trials", "3", "--time-budget", "45").contains("exclude each other"));
    }

    @Test
    void negativeAndNonsenseBudgetsAreRefusedWithTheValue() {
        assertTrue(refused("--search-trials", "-1").contains("-1"));
        assertTrue(refused("--time-budget", "-5").contains("negative"));
        assertTrue(refused("--time-budget", "NaN").contains("NaN"));
        assertTrue(refused("--time-budget", "1e300").contains("up to a day"));
        assertTrue(refused("--search-trials", "many").contains("many"), "picocli names the bad value");
    }
}
