package zmai.core.topic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import zmai.core.Abbreviated;
import zmai.core.BoundedJson;

import java.math.BigDecimal;
import java.util.Optional;

/** Reads the JSON payloads of the Tasmota dialect into a tree, within fixed bounds. */
final class JsonPayload {

    static final int MAX_DEPTH = BoundedJson.MAX_DEPTH;

    private static final ObjectMapper MAPPER = BoundedJson.mapper(TopicParser.MAX_PAYLOAD_BYTES);

    private JsonPayload() {
    }

    /** The payload as a JSON object; anything else is malformed. */
    static JsonNode object(String text) throws MalformedPayload {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedPayload("payload is not valid JSON: " + Abbreviated.of(e.getOriginalMessage()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new MalformedPayload("payload holds a number that cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayload("payload is JSON but not an object");
        }
        return root;
    }

    static Optional<BigDecimal> number(JsonNode parent, String field, String path) throws MalformedPayload {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw new MalformedPayload(path + " is " + node.getNodeType() + ", expected a number");
        }
        return Optional.of(PayloadText.bounded(node.decimalValue(), path));
    }

    static Optional<Long> wholeNumber(JsonNode parent, String field, String path) throws MalformedPayload {
        Optional<BigDecimal> number = number(parent, field, path);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(number.get().longValueExact());
        } catch (ArithmeticException e) {
            throw new MalformedPayload(path + " is not a whole number: " + number.get().toPlainString());
        }
    }

    static Optional<String> text(JsonNode parent, String field, String path) throws MalformedPayload {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new MalformedPayload(path + " is " + node.getNodeType() + ", expected text");
        }
        return Optional.of(node.textValue());
    }
}
