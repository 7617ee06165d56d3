package zmai.core.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import zmai.core.energy.CounterUnit;

/**
 * The common shape of an NDJSON line read without building a JSON tree: one flat object whose values are
 * plain strings (no escapes, ASCII), plain non-negative numbers, booleans or null, every key once. It only
 * ever answers a reading that {@link NdjsonLine}'s full parser would give too; anything else, refusals
 * included, is left to that parser, which alone words the messages.
 */
final class FlatJsonLine {

    /** Far below the bounds of the full parser, so nothing it would refuse for length is taken here. */
    private static final int MAX_TOKEN_CHARS = 128;
    private static final int MAX_NUMBER_DIGITS = 18;

    private final String text;
    private int at;
    private final List<String> keys = new ArrayList<>(8);
    private String device;
    private String ts;
    private String register;
    private String unit;
    private String value;
    private boolean valueIsString;
    private OptionalLong boot = OptionalLong.empty();
    private OptionalLong uptime = OptionalLong.empty();
    private boolean reset;

    private FlatJsonLine(String text) {
        this.text = text;
    }

    /** The reading of {@code text}, or empty when it needs the full parser. */
    static Optional<HistoryReading> read(String text) {
        FlatJsonLine line = new FlatJsonLine(text);
        return line.scan() ? line.reading() : Optional.empty();
    }

    private Optional<HistoryReading> reading() {
        if (device == null || ts == null || register == null || unit == null || value == null
                || !ReadingFields.ENERGY_TOTAL.equals(register) || !ReadingFields.plainDevice(device)) {
            return Optional.empty();
        }
        Optional<CounterUnit> counterUnit = ReadingFields.unitOf(unit);
        if (counterUnit.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong mwh = ReadingFields.plainValueMwh(value, counterUnit.get());
        Optional<java.time.Instant> instant = ReadingFields.plainInstant(ts);
        if (mwh.isEmpty() || instant.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HistoryReading(device, register, counterUnit.get(), ReadingFields.reading(
                instant.get(), mwh.getAsLong(), boot, uptime, reset)));
    }

    private boolean scan() {
        skipSpace();
        if (!take('{')) {
            return false;
        }
        skipSpace();
        if (peek() == '}') {
            return false;
        }
        while (true) {
            skipSpace();
            String key = string();
            if (key == null || keys.contains(key)) {
                return false;
            }
            keys.add(key);
            skipSpace();
            if (!take(':')) {
                return false;
            }
            skipSpace();
            if (!member(key)) {
                return false;
            }
            skipSpace();
            if (take(',')) {
                continue;
            }
            if (!take('}')) {
                return false;
            }
            skipSpace();
            return at == text.length();
        }
    }

    /** Reads the value of {@code key}; false when it is not of the plain kind that key takes. */
    private boolean member(String key) {
        char c = peek();
        if (c == 'n') {
            // null is "absent" for every field, which the checks in reading() and the defaults already say
            return word("null");
        }
        switch (key) {
            case "device" -> device = string();
            case "ts" -> ts = string();
            case "register" -> register = string();
            case "unit" -> unit = string();
            case "value" -> {
                valueIsString = c == '"';
                value = valueIsString ? string() : number();
            }
            case "boot" -> {
                boot = wholeNumber();
                return boot.isPresent();
            }
            case "uptime" -> {
                uptime = wholeNumber();
                return uptime.isPresent();
            }
            case "reset" -> {
                if (word("true")) {
                    reset = true;
                    return true;
                }
                return word("false");
            }
            default -> {
                return skipPlainValue();
            }
        }
        return switch (key) {
            case "device" -> device != null;
            case "ts" -> ts != null;
            case "register" -> register != null;
            case "unit" -> unit != null;
            default -> value != null;
        };
    }

    private boolean skipPlainValue() {
        char c = peek();
        if (c == '"') {
            return string() != null;
        }
        if (c == 't') {
            return word("true");
        }
        if (c == 'f') {
            return word("false");
        }
        return number() != null;
    }

    /** A string of printable ASCII without escapes, or null. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int start = at;
        while (at < text.length() && at - start <= MAX_TOKEN_CHARS) {
            char c = text.charAt(at);
            if (c == '"') {
                return text.substring(start, at++);
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return null;
            }
            at++;
        }
        return null;
    }

    /** A JSON number that is non-negative and has no exponent: {@code 0}, {@code 12}, {@code 12.50}; or null. */
    private String number() {
        int start = at;
        int digits = 0;
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
            digits++;
        }
        // JSON has no leading zeros ("007"); the full parser refuses the whole line for one
        if (digits == 0 || digits > 1 && text.charAt(start) == '0') {
            return null;
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            int fraction = 0;
            while (at < text.length() && isDigit(text.charAt(at))) {
                at++;
                fraction++;
            }
            if (fraction == 0) {
                return null;
            }
            digits += fraction;
        }
        if (digits > MAX_NUMBER_DIGITS || at < text.length() && "eE".indexOf(text.charAt(at)) >= 0) {
            return null;
        }
        return text.substring(start, at);
    }

    private OptionalLong wholeNumber() {
        String number = number();
        if (number == null || number.indexOf('.') >= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(number));
    }

    private boolean word(String word) {
        if (!text.startsWith(word, at)) {
            return false;
        }
        at += word.length();
        // "nullx" or "true1" is not JSON; the full parser says so
        return at == text.length() || !Character.isLetterOrDigit(text.charAt(at));
    }

    private void skipSpace() {
        while (at < text.length() && isSpace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private boolean take(char c) {
        if (peek() == c) {
            at++;
            return true;
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
