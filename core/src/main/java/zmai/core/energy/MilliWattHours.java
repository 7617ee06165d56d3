package zmai.core.energy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import zmai.core.Abbreviated;

/**
 * Exact conversions between decimal meter values and integer milli-watt-hours. Energy is never held in
 * floating point: a value that is not a whole number of mWh is refused rather than rounded.
 */
public final class MilliWattHours {

    /** Long enough for any real counter, short enough that hostile input cannot make BigDecimal work hard. */
    private static final int MAX_TEXT_LENGTH = 40;
    private static final Pattern DECIMAL = Pattern.compile("\\+?(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d{1,3}))?");
    private static final Pattern QUANTITY = Pattern.compile("(\\S+?)\\s*(Wh|kWh)");

    private MilliWattHours() {
    }

    /** Parses a non-negative decimal such as {@code 230100.500}, {@code 2300} or {@code 1.2E3} in {@code unit}. */
    public static long parse(String text, CounterUnit unit) {
        return fromDecimal(parseDecimal(text), unit);
    }

    /** Converts a non-negative decimal in {@code unit} to mWh, refusing sub-mWh precision and overflow. */
    public static long fromDecimal(BigDecimal value, CounterUnit unit) {
        return fromDecimal(value, unit.milliWattHours(), unit.symbol());
    }

    /**
     * Converts a non-negative decimal counted in steps of {@code mwhPerUnit} (a unit with a divider applied, e.g.
     * kWh / 10 = 100 000 mWh) to mWh, refusing sub-mWh precision and overflow.
     *
     * @param described how the unit is named in an error message
     */
    public static long fromDecimal(BigDecimal value, long mwhPerUnit, String described) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("energy value is negative: " + value.toPlainString());
        }
        if (value.scale() < -30 || value.scale() > 30) {
            throw new IllegalArgumentException("energy value is out of range: " + value);
        }
        BigDecimal mwh = value.multiply(BigDecimal.valueOf(mwhPerUnit));
        return exactLong(mwh, value.toPlainString() + " " + described);
    }

    /**
     * Parses a quantity with its unit, as devices declare their counter quantum: {@code 0.1kWh},
     * {@code 0.001kWh}, {@code 0.001Wh}.
     */
    public static long parseQuantity(String text) {
        Matcher m = text == null ? null : QUANTITY.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an energy quantity like 0.1kWh or 0.001Wh: '"
                    + Abbreviated.of(text) + "'");
        }
        CounterUnit unit = m.group(2).equals("Wh") ? CounterUnit.WH : CounterUnit.KWH;
        long mwh = parse(m.group(1), unit);
        if (mwh == 0) {
            throw new IllegalArgumentException("energy quantity must be positive: '" + Abbreviated.of(text) + "'");
        }
        return mwh;
    }

    /** Exact watt-hours with three decimals, e.g. {@code 123456.789}. */
    public static String formatWattHours(long mwh) {
        if (mwh == Long.MIN_VALUE) {
            return BigDecimal.valueOf(mwh, 3).toPlainString();
        }
        // what BigDecimal.valueOf(mwh, 3).toPlainString() gives, without one: it is written for every event
        long magnitude = Math.abs(mwh);
        long fraction = magnitude % 1000;
        return (mwh < 0 ? "-" : "") + magnitude / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /** Kilowatt-hours with three decimals, rounded half-even, as reports print them. */
    public static String formatKilowattHours(long mwh) {
        return BigDecimal.valueOf(mwh, 6).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    static BigDecimal parseDecimal(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("energy value is missing");
        }
        String trimmed = text.strip();
        if (trimmed.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("energy value is too long: '" + Abbreviated.of(trimmed) + "'");
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("energy value is negative: '" + Abbreviated.of(trimmed) + "'");
        }
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("energy value is not a decimal number: '" + Abbreviated.of(trimmed) + "'");
        }
        return new BigDecimal(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
    }

    private static long exactLong(BigDecimal mwh, String described) {
        BigDecimal whole = mwh.stripTrailingZeros();
        if (whole.scale() > 0) {
            throw new IllegalArgumentException("energy value " + described + " is finer than 1 mWh");
        }
        BigInteger integer = whole.toBigInteger();
        if (integer.bitLength() > 62) {
            throw new IllegalArgumentException("energy value " + described + " is too large");
        }
        return integer.longValueExact();
    }
}
