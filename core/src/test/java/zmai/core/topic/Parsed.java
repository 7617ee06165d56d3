package zmai.core.topic;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Shortcuts for feeding {@link TopicParser} text payloads in tests. */
final class Parsed {

    private Parsed() {
    }

    static ParseResult parse(String topic, String payload) {
        return TopicParser.parse(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    static Inbound accepted(String topic, String payload) {
        ParseResult result = parse(topic, payload);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).inbound();
    }

    static MeterMessage single(String topic, String payload) {
        Inbound inbound = accepted(topic, payload);
        assertThat(inbound.messages()).hasSize(1);
        return inbound.messages().get(0);
    }

    static String ignored(String topic, String payload) {
        ParseResult result = parse(topic, payload);
        assertThat(result).isInstanceOf(ParseResult.Ignored.class);
        return ((ParseResult.Ignored) result).reason();
    }

    static String rejected(String topic, String payload) {
        return rejected(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    static String rejected(String topic, byte[] payload) {
        ParseResult result = TopicParser.parse(topic, payload, false);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }
}
