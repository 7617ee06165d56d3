package zmai.core.topic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import zmai.core.Abbreviated;

import java.math.BigDecimal;
import java.util.Optional;

/** Reads the JSON payloads of the Tasmota dialect into a tree, within fixed bounds. */
final class JsonPayload {

    static final int MAX_DEPTH = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(1024)
                            .maxNameLength(128)
                            .maxNumberLength(40)
                            .maxDocumentLength(TopicParser.MAX_PAYLOAD_BYTES)
                            .build())
                    // a key given twice would leave us guessing which one the device meant
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // stripping zeros would turn 1200.0 into 1.2E+3
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

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
