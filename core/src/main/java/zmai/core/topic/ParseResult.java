package zmai.core.topic;

import java.util.Objects;

/** What {@link TopicParser} made of one MQTT message. */
public sealed interface ParseResult {

    /** Meter data. */
    record Accepted(Inbound inbound) implements ParseResult {
        public Accepted {
            Objects.requireNonNull(inbound, "inbound");
        }
    }

    /** Well-formed traffic that is not meter data: commands (often our own), requests, discovery. */
    record Ignored(String topic, String reason) implements ParseResult {
        public Ignored {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Malformed input; to be logged with its reason and counted. */
    record Rejected(String topic, String reason) implements ParseResult {
        public Rejected {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
