package zmai.fleet.energy;

import java.util.List;

/**
 * The answer to an import: new readings stored, copies of stored ones, lines refused (each with its physical line
 * number; at most {@link #MAX_ERRORS} are listed, all are counted).
 */
public record ImportResult(long accepted, long duplicates, long rejected, List<LineError> errors) {

    public static final int MAX_ERRORS = 1000;

    public record LineError(int line, String message) {
    }
}
