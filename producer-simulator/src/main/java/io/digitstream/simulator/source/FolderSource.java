package io.digitstream.simulator.source;

import io.digitstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * PNG and JPEG scans from a folder (recursively, in path order), labelled by {@link FolderLabels}. Every file is
 * checked when the source opens — readable image, known label — so a bad folder fails before anything is sent,
 * naming the offending files. Files are sent in their own format, or converted to PNG when asked.
 */
public final class FolderSource implements DigitSource {

    private static final int MAX_NAMED_PROBLEMS = 10;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private record Scan(Path path, ImageEncoding encoding, int width, int height, int label) {
    }

    private final Path folder;
    private final List<Scan> scans;
    private final boolean convertToPng;
    private int next;

    private FolderSource(Path folder, List<Scan> scans, boolean convertToPng) {
        this.folder = folder;
        this.scans = scans;
        this.convertToPng = convertToPng;
    }

    /**
     * @param labelsCsv    {@code file,label} CSV, or null to take labels from the paths
     * @param convertToPng send JPEG files as PNG (PNG files are sent unchanged either way)
     */
    public static FolderSource open(Path folder, Path labelsCsv, boolean convertToPng) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("scan folder " + folder + " does not exist or is not a directory");
        }
        Map<Path, Integer> csvLabels = labelsCsv == null ? null : FolderLabels.fromCsv(labelsCsv);
        List<Scan> scans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : imageFiles(folder)) {
            Path relative = folder.relativize(file);
            OptionalInt label = csvLabels == null
                    ? FolderLabels.fromPath(relative)
                    : optional(csvLabels.get(relative.normalize()));
            if (label.isEmpty()) {
                problems.add(relative + ": no label (" + (csvLabels == null
                        ? "name it like 7_scan.png or put it in a folder named 7" : "not listed in " + labelsCsv) + ")");
                continue;
            }
            try {
                byte[] bytes = Files.readAllBytes(file);
                ImageEncoding encoding = encodingOf(bytes, relative.toString());
                BufferedImage image = GrayscaleImages.decode(bytes, relative.toString());
                scans.add(new Scan(file, encoding, image.getWidth(), image.getHeight(), label.getAsInt()));
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.size() + " unusable file(s) in " + folder + ":\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(MAX_NAMED_PROBLEMS, problems.size())))
                    + (problems.size() > MAX_NAMED_PROBLEMS ? "\n  ..." : ""));
        }
        if (scans.isEmpty()) {
            throw new IllegalArgumentException("no .png, .jpg or .jpeg files in " + folder);
        }
        return new FolderSource(folder, List.copyOf(scans), convertToPng);
    }

    public int size() {
        return scans.size();
    }

    @Override
    public SourceImage next() {
        Scan scan = scans.get(next);
        next = (next + 1) % scans.size();
        try {
            byte[] bytes = Files.readAllBytes(scan.path());
            String origin = folder.relativize(scan.path()).toString();
            if (convertToPng && scan.encoding() == ImageEncoding.JPEG) {
                byte[] png = GrayscaleImages.png(GrayscaleImages.decode(bytes, origin));
                return new SourceImage(origin, ImageEncoding.PNG, scan.width(), scan.height(), png, scan.label());
            }
            return new SourceImage(origin, scan.encoding(), scan.width(), scan.height(), bytes, scan.label());
        } catch (IOException e) {
            throw new UncheckedIOException("scan " + scan.path() + " became unreadable after the folder was checked", e);
        }
    }

    @Override
    public String description() {
        return "folder " + folder + " (" + scans.size() + " scans)";
    }

    private static List<Path> imageFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> isImageName(file.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }

    private static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /** By the file's signature rather than its name, so a misnamed file is not sent with the wrong encoding. */
    private static ImageEncoding encodingOf(byte[] bytes, String origin) throws IOException {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return ImageEncoding.PNG;
        }
        if (startsWith(bytes, JPEG_SIGNATURE)) {
            return ImageEncoding.JPEG;
        }
        throw new IOException(origin + " is neither a PNG nor a JPEG file");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
