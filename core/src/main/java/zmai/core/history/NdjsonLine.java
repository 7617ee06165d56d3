package zmai.core.history;

import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import zmai.core.Abbreviated;
import zmai.core.BoundedJson;
import zmai.core.energy.CounterUnit;

/** One line of NDJSON history: a JSON object with the contract's fields; other fields are ignored. */
final class NdjsonLine {

    private static final ObjectMapper MAPPER = BoundedJson.mapper(HistoryReader.MAX_LINE_CHARS);

    private NdjsonLine() {
    }

    static LineResult parse(int line, String text) {
        Optional<HistoryReading> plain = FlatJsonLine.read(text);
        return plain.isPresent() ? new LineResult.Parsed(line, plain.get()) : parseFully(line, text);
    }

    /** Through a JSON tree: every spelling JSON allows, and the words for every refusal. */
    static LineResult parseFully(int line, String text) {
        try {
            return new LineResult.Parsed(line, reading(object(text)));
        } catch (LineRefusal e) {
            return new LineResult.Refused(line, e.getMessage());
        }
    }

    private static JsonNode object(String text) throws LineRefusal {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LineRefusal("not valid JSON: " + Abbreviated.of(e.getOriginalMessage()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LineRefusal("not valid JSON: a number or string cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new LineRefusal("not a JSON object");
        }
        return root;
    }

    private static HistoryReading reading(JsonNode object) throws LineRefusal {
        String device = ReadingFields.device(text(object, "device"));
        String register = ReadingFields.register(text(object, "register"));
        CounterUnit unit = ReadingFields.unit(text(object, "unit"));
        long valueMwh = valueMwh(object.get("value"), unit);
        return new HistoryReading(device, register, unit, ReadingFields.reading(
                ReadingFields.instant(text(object, "ts")), valueMwh, wholeNumber("boot", object.get("boot")),
                wholeNumber("uptime", object.get("uptime")), reset(object.get("reset"))));
    }

    private static String text(JsonNode object, String field) throws LineRefusal {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new LineRefusal(field + " must be a string, not " + kind(node));
        }
        return node.textValue();
    }

    private static long valueMwh(JsonNode node, CounterUnit unit) throws LineRefusal {
        if (node == null || node.isNull()) {
            throw new LineRefusal("value is missing");
        }
        if (node.isNumber()) {
            // decimalValue(): a JSON number is never read through double, so 230100.5 and "230100.500" agree
            return ReadingFields.valueMwh(node.decimalValue(), unit);
        }
        if (node.isTextual()) {
            return ReadingFields.valueMwh(node.textValue(), unit);
        }
        throw new LineRefusal("value must be a number or a decimal string, not " + kind(node));
    }

    private static OptionalLong wholeNumber(String field, JsonNode node) throws LineRefusal {
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new LineRefusal(field + " must be a whole number of at least 0, not "
                    + Abbreviated.of(node.toString()));
        }
        return OptionalLong.of(node.longValue());
    }

    private static boolean reset(JsonNode node) throws LineRefusal {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new LineRefusal("reset must be true or false, not " + Abbreviated.of(node.toString()));
        }
        return node.booleanValue();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
