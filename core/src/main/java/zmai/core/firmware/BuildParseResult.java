package zmai.core.firmware;

import java.util.Objects;
import java.util.Optional;

/** The outcome of reading a build string: what it says, or why it cannot be read. */
public sealed interface BuildParseResult {

    record Parsed(BuildInfo info) implements BuildParseResult {
        public Parsed {
            Objects.requireNonNull(info, "info");
        }
    }

    record Unparseable(String reason) implements BuildParseResult {
        public Unparseable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default Optional<BuildInfo> parsedInfo() {
        return this instanceof Parsed parsed ? Optional.of(parsed.info()) : Optional.empty();
    }
}
