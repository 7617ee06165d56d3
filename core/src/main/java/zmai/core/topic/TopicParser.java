package zmai.core.topic;

import java.util.Objects;

/**
 * Turns one MQTT message of either dialect into meter facts. Stateless; fed bytes from the broker, it never
 * throws: malformed input comes back as {@link ParseResult.Rejected} with the reason.
 * <p>
 * A {@code tele/} or {@code stat/} topic is Tasmota; any other topic of two or three levels whose root is a valid
 * device topic is OpenBeken.
 */
public final class TopicParser {

    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int MAX_TOPIC_LENGTH = 1024;
    public static final int MAX_TOPIC_LEVELS = 8;

    private static final byte[] NO_PAYLOAD = new byte[0];

    private TopicParser() {
    }

    public static ParseResult parse(String topic, byte[] payload, boolean retained) {
        String shown = Objects.requireNonNullElse(topic, "");
        String problem = TopicShape.problemWith(shown);
        if (problem != null) {
            return new ParseResult.Rejected(shown, problem);
        }
        byte[] bytes = payload == null ? NO_PAYLOAD : payload;
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            return new ParseResult.Rejected(shown, "payload of " + bytes.length + " bytes is larger than "
                    + MAX_PAYLOAD_BYTES);
        }
        String[] levels = shown.split("/", -1);
        try {
            return dispatch(shown, levels, bytes, retained);
        } catch (MalformedPayload e) {
            return new ParseResult.Rejected(shown, e.getMessage());
        } catch (IllegalArgumentException e) {
            // our value types refuse impossible values (a bad MAC, an IP octet of 300) with a readable reason
            return new ParseResult.Rejected(shown, e.getMessage());
        }
    }

    private static ParseResult dispatch(String topic, String[] levels, byte[] payload, boolean retained)
            throws MalformedPayload {
        switch (levels[0]) {
            case "cmnd":
                return new ParseResult.Ignored(topic, "a command to a device (possibly our own), not meter data");
            case "homeassistant":
                return HomeAssistantDiscovery.parse(topic, levels, payload, retained);
            case "tasmota":
                if (levels.length > 1 && levels[1].equals("discovery")) {
                    return new ParseResult.Ignored(topic, "Tasmota discovery, not meter data");
                }
                break;
            case "tele":
            case "stat":
                return TasmotaTopics.parse(topic, levels, payload, retained);
            default:
                break;
        }
        if (levels[0].startsWith("$")) {
            return new ParseResult.Ignored(topic, "a broker system topic");
        }
        if (levels.length == 2 || levels.length == 3) {
            return OpenBekenTopics.parse(topic, levels, payload, retained);
        }
        return new ParseResult.Ignored(topic, "a topic of " + levels.length + " levels belongs to neither dialect");
    }
}
