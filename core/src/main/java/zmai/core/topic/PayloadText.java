package zmai.core.topic;

import zmai.core.Abbreviated;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads the plain-text payloads of OpenBeken: numbers as the firmware's printf writes them, and UTF-8 text. */
final class PayloadText {

    static final int MAX_INTEGER_DIGITS = 20;
    static final int MAX_DECIMALS = 12;
    private static final int MAX_NUMBER_LENGTH = 40;

    // what "%i" and "%.3f" print; no exponent, hex, NaN or Infinity, so BigDecimal never sees a costly form
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1," + MAX_INTEGER_DIGITS + "}(?:\\.\\d{1,"
            + MAX_DECIMALS + "})?");
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");

    private PayloadText() {
    }

    static String utf8(byte[] payload) throws MalformedPayload {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPayload("payload is not valid UTF-8");
        }
    }

    /** OpenBeken's {@code online}/{@code offline} and Tasmota's {@code Online}/{@code Offline}. */
    static MeterMessage.Availability availability(String text, String what) throws MalformedPayload {
        String state = text.strip();
        if (state.equalsIgnoreCase("online")) {
            return new MeterMessage.Availability(true);
        }
        if (state.equalsIgnoreCase("offline")) {
            return new MeterMessage.Availability(false);
        }
        throw new MalformedPayload(what + " is '" + Abbreviated.of(text) + "', expected online or offline");
    }

    static BigDecimal decimal(String text, String what) throws MalformedPayload {
        String trimmed = trimmedNumber(text, what);
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new MalformedPayload(what + " is not a decimal number: '" + Abbreviated.of(text) + "'");
        }
        return new BigDecimal(trimmed);
    }

    static long wholeNumber(String text, String what) throws MalformedPayload {
        String trimmed = trimmedNumber(text, what);
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new MalformedPayload(what + " is not a whole number: '" + Abbreviated.of(text) + "'");
        }
        return Long.parseLong(trimmed);
    }

    /** Keeps numbers from JSON within the same bounds as the text ones; {@code 1e3} becomes {@code 1000}. */
    static BigDecimal bounded(BigDecimal value, String what) throws MalformedPayload {
        // precision - scale = digits before the point; checked before anything expands the number
        if ((long) value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw new MalformedPayload(what + " has more than " + MAX_INTEGER_DIGITS + " integer digits");
        }
        if (value.scale() > MAX_DECIMALS) {
            throw new MalformedPayload(what + " has more than " + MAX_DECIMALS + " decimals");
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    static int intWithin(long value, int min, int max, String what) throws MalformedPayload {
        if (value < min || value > max) {
            throw new MalformedPayload(what + " " + value + " is outside " + min + ".." + max);
        }
        return (int) value;
    }

    private static String trimmedNumber(String text, String what) throws MalformedPayload {
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw new MalformedPayload(what + " is longer than " + MAX_NUMBER_LENGTH + " characters: '"
                    + Abbreviated.of(text) + "'");
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new MalformedPayload(what + " is empty");
        }
        return trimmed;
    }
}
