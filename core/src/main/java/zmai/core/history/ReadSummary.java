package zmai.core.history;

import java.util.Objects;
import java.util.Optional;

/**
 * What a whole history file gave.
 *
 * @param lines       physical lines read, blank ones and a CSV header included
 * @param fileRefusal why no line of the file could be read at all (e.g. a CSV header without a value column)
 */
public record ReadSummary(int lines, int parsed, int refused, Optional<String> fileRefusal) {

    public ReadSummary {
        Objects.requireNonNull(fileRefusal, "fileRefusal");
    }
}
