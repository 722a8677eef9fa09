package io.digitstream.simulator.source;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the true label of a scan comes from: a CSV with columns {@code file,label} (file relative to the folder),
 * or else the path itself — a parent folder named {@code 0}..{@code 9} ({@code 7/scan-12.png}) or a file name that
 * starts with the digit and a separator ({@code 7_scan-12.png}, {@code 7-a.jpg}, {@code 7.png}).
 */
public final class FolderLabels {

    private static final Pattern LEADING_DIGIT = Pattern.compile("^([0-9])(?:[_\\-. ].*)?\\.[A-Za-z]+$");
    private static final Pattern DIGIT_FOLDER = Pattern.compile("^[0-9]$");

    private FolderLabels() {
    }

    /** The label the relative path names, if any; a digit folder wins over the file name. */
    public static OptionalInt fromPath(Path relative) {
        Path parent = relative.getParent();
        if (parent != null && DIGIT_FOLDER.matcher(parent.getFileName().toString()).matches()) {
            return OptionalInt.of(Integer.parseInt(parent.getFileName().toString()));
        }
        Matcher matcher = LEADING_DIGIT.matcher(relative.getFileName().toString());
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /**
     * Reads {@code file,label} rows (with that header) into normalised relative paths.
     *
     * @throws IllegalArgumentException naming the line of a missing column, a label that is not 0..9 or a repeated file
     */
    public static Map<Path, Integer> fromCsv(Path csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnReordering(true);
        Map<Path, Integer> labels = new HashMap<>();
        try (MappingIterator<Map<String, String>> rows =
                mapper.readerForMapOf(String.class).with(schema).readValues(csv.toFile())) {
            // The header is line 1; counting rows is exact for the one-line rows such a CSV has.
            long line = 1;
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                line++;
                String file = row.get("file");
                String label = row.get("label");
                if (file == null || label == null) {
                    throw new IllegalArgumentException(csv + ": needs a header with columns 'file' and 'label'");
                }
                Path path = Path.of(file.strip()).normalize();
                if (labels.put(path, parseLabel(label, csv, line)) != null) {
                    throw new IllegalArgumentException(csv + " line " + line + ": '" + file + "' is listed twice");
                }
            }
        }
        return labels;
    }

    private static int parseLabel(String text, Path csv, long line) {
        String label = text.strip();
        if (!DIGIT_FOLDER.matcher(label).matches()) {
            throw new IllegalArgumentException(
                    csv + " line " + line + ": label must be a single digit 0..9, got '" + text + "'");
        }
        return Integer.parseInt(label);
    }
}
