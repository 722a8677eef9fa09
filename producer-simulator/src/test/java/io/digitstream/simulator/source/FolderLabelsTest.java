package io.digitstream.simulator.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLabelsTest {

    @TempDir
    Path dir;

    @Test
    void labelsFromFileNames() {
        assertEquals(OptionalInt.of(7), FolderLabels.fromPath(Path.of("7_scan-12.png")));
        assertEquals(OptionalInt.of(3), FolderLabels.fromPath(Path.of("3-a.jpg")));
        assertEquals(OptionalInt.of(5), FolderLabels.fromPath(Path.of("5.png")));
        assertEquals(OptionalInt.of(0), FolderLabels.fromPath(Path.of("0 form 4.jpeg")));
        assertEquals(OptionalInt.empty(), FolderLabels.fromPath(Path.of("scan7.png")));
        assertEquals(OptionalInt.empty(), FolderLabels.fromPath(Path.of("12_scan.png")), "two digits are no label");
        assertEquals(OptionalInt.empty(), FolderLabels.fromPath(Path.of("7scan.png")));
    }

    @Test
    void aDigitFolderWinsOverTheFileName() {
        assertEquals(OptionalInt.of(4), FolderLabels.fromPath(Path.of("4", "scan.png")));
        assertEquals(OptionalInt.of(4), FolderLabels.fromPath(Path.of("batch", "4", "9_scan.png")));
        assertEquals(OptionalInt.of(9), FolderLabels.fromPath(Path.of("batch", "9_scan.png")));
    }

    @Test
    void labelsFromACsvInAnyColumnOrder() throws IOException {
        Path csv = Files.writeString(dir.resolve("labels.csv"), "label,file\n3,a.png\n8, sub/b.jpg\n");

        Map<Path, Integer> labels = FolderLabels.fromCsv(csv);

        assertEquals(Map.of(Path.of("a.png"), 3, Path.of("sub", "b.jpg"), 8), labels);
    }

    @Test
    void aBadCsvNamesTheLineAndTheProblem() throws IOException {
        Path notDigit = Files.writeString(dir.resolve("a.csv"), "file,label\na.png,3\nb.png,12\n");
        Path repeated = Files.writeString(dir.resolve("b.csv"), "file,label\na.png,3\na.png,4\n");
        Path noHeader = Files.writeString(dir.resolve("c.csv"), "name,digit\na.png,3\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FolderLabels.fromCsv(notDigit));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'12'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FolderLabels.fromCsv(repeated));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FolderLabels.fromCsv(noHeader));
        assertTrue(e.getMessage().contains("'file' and 'label'"), e.getMessage());
    }
}
