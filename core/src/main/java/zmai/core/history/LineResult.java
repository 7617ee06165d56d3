package zmai.core.history;

import java.util.Objects;

/** What became of one physical line of a history file; lines are numbered from 1, a CSV header included. */
public sealed interface LineResult permits LineResult.Parsed, LineResult.Refused {

    int line();

    record Parsed(int line, HistoryReading reading) implements LineResult {
        public Parsed {
            Objects.requireNonNull(reading, "reading");
        }
    }

    /** A line that was not taken, and why, in words meant for the person who wrote the file. */
    record Refused(int line, String message) implements LineResult {
        public Refused {
            Objects.requireNonNull(message, "message");
        }
    }
}
