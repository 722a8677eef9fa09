package io.digitstream.simulator.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {

    @TempDir
    Path dir;

    @Test
    void sendsEachScanInItsOwnFormatWithItsLabel() throws IOException {
        write("7_a.png", "png", 40, 30);
        Files.createDirectories(dir.resolve("2"));
        write("2/b.jpg", "jpg", 50, 60);

        FolderSource source = FolderSource.open(dir, null, false);

        assertEquals(2, source.size());
        SourceImage jpeg = source.next();
        assertEquals(2, jpeg.label());
        assertEquals(ImageEncoding.JPEG, jpeg.encoding());
        assertEquals(50, jpeg.width());
        assertEquals(60, jpeg.height());
        assertArrayEquals(Files.readAllBytes(dir.resolve("2/b.jpg")), jpeg.data());
        SourceImage png = source.next();
        assertEquals(7, png.label());
        assertEquals(ImageEncoding.PNG, png.encoding());
        assertEquals(2, source.next().label(), "the folder starts over");
    }

    @Test
    void convertsJpegToPngWhenAsked() throws IOException {
        write("3_a.jpg", "jpg", 32, 32);

        SourceImage image = FolderSource.open(dir, null, true).next();

        assertEquals(ImageEncoding.PNG, image.encoding());
        BufferedImage decoded = GrayscaleImages.decode(image.data(), "converted");
        assertEquals(32, decoded.getWidth());
    }

    @Test
    void labelsComeFromTheCsvWhenGiven() throws IOException {
        write("scan-1.png", "png", 28, 28);
        write("scan-2.png", "png", 28, 28);
        Path csv = Files.writeString(dir.resolve("labels.csv"), "file,label\nscan-1.png,4\nscan-2.png,6\n");

        FolderSource source = FolderSource.open(dir, csv, false);

        List<Integer> labels = new ArrayList<>();
        labels.add(source.next().label());
        labels.add(source.next().label());
        assertEquals(List.of(4, 6), labels);
    }

    @Test
    void unlabelledAndUnreadableFilesFailTheRunNamingEachFile() throws IOException {
        write("7_good.png", "png", 28, 28);
        write("nolabel.png", "png", 28, 28);
        Files.writeString(dir.resolve("5_broken.png"), "not an image");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FolderSource.open(dir, null, false));

        assertTrue(e.getMessage().startsWith("2 unusable file(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("nolabel.png: no label"), e.getMessage());
        assertTrue(e.getMessage().contains("5_broken.png is neither a PNG nor a JPEG"), e.getMessage());
    }

    @Test
    void aFileMissingFromTheCsvIsAnError() throws IOException {
        write("a.png", "png", 28, 28);
        Path csv = Files.writeString(dir.resolve("labels.csv"), "file,label\nb.png,4\n");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FolderSource.open(dir, csv, false));
        assertTrue(e.getMessage().contains("a.png: no label (not listed in"), e.getMessage());
    }

    @Test
    void anEmptyOrMissingFolderIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> FolderSource.open(dir, null, false));
        assertThrows(IllegalArgumentException.class, () -> FolderSource.open(dir.resolve("absent"), null, false));
    }

    private void write(String name, String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSample(width / 2, height / 2, 0, 255);
        assertTrue(ImageIO.write(image, format, dir.resolve(name).toFile()));
    }
}
