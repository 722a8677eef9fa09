package io.digitstream.simulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations the way people type them ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}) or as ISO-8601. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SIMPLE.matcher(text);
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            double nanosPerUnit = switch (unit) {
                case "ms" -> 1e6;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> 1e9;
            };
            return Duration.ofNanos(Math.round(amount * nanosPerUnit));
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; use e.g. 500ms, 30s, 2m, 1h or PT30S");
        }
    }
}
