package zmai.flasher.cli;

import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Flash addresses and sizes as people write them: decimal ({@code 69632}), hex ({@code 0x11000}), with an
 * optional binary {@code K} or {@code M} suffix ({@code 4K} = 4096, {@code 2M} = 2097152).
 */
public final class NumberConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (value.endsWith("K")) {
            unit = 1L << 10;
        } else if (value.endsWith("M")) {
            unit = 1L << 20;
        }
        if (unit > 1) {
            value = value.substring(0, value.length() - 1);
        }
        boolean hex = value.startsWith("0X");
        String digits = hex ? value.substring(2) : value;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, hex ? 16 : 10) >= 0)) {
            throw new TypeConversionException("'" + text + "' is not a number: write it in decimal (69632),"
                    + " hex (0x11000) or with a K/M suffix (4K, 2M)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits, hex ? 16 : 10), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is too large");
        }
    }
}
