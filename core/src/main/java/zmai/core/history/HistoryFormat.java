package zmai.core.history;

import java.util.Locale;
import java.util.Optional;

/** The two spellings of the reading-history import contract. */
public enum HistoryFormat {
    /** One JSON object per line. */
    NDJSON,
    /** A header line {@code device,ts,register,value,unit,boot,reset}, columns in any order. */
    CSV;

    /** The format a file name promises: {@code .csv}, {@code .ndjson} or {@code .jsonl}. */
    public static Optional<HistoryFormat> fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        return Optional.empty();
    }

    /** The format of a file whose first non-blank line is {@code firstLine}: a JSON object, or else a CSV header. */
    public static HistoryFormat sniff(String firstLine) {
        return firstLine.strip().startsWith("{") ? NDJSON : CSV;
    }
}
