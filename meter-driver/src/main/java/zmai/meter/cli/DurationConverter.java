package zmai.meter.cli;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 500ms}, {@code 1s}, {@code 2m} or ISO-8601 ({@code PT1S}). */
final class DurationConverter implements ITypeConverter<Duration> {

    public Duration convert(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return positive(Duration.parse(text));
            }
            if (text.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2))));
            }
            if (text.endsWith("s")) {
                return positive(Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000)));
            }
            if (text.endsWith("m")) {
                return positive(Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1))));
            }
        } catch (RuntimeException e) {
            // falls through to the message below
        }
        throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 1s, 2m");
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("not positive");
        }
        return d;
    }
}
