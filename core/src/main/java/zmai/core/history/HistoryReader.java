package zmai.core.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Streams a reading history (NDJSON or CSV) line by line, handing over each line's result as soon as it is
 * read; the input is never held in memory beyond one bounded line. A bad line is refused with its number and
 * the reading goes on; only an I/O failure of the reader itself escapes, as {@link IOException}.
 */
public final class HistoryReader {

    /** The longest line taken, in characters: far above any real reading, far below memory trouble. */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** What a decoder puts for bytes that are not text in its charset. */
    private static final char REPLACEMENT = '\uFFFD';

    private HistoryReader() {
    }

    /** Reads {@code input}, sniffing the format from its first non-blank line. */
    public static ReadSummary read(Reader input, Consumer<? super LineResult> results) throws IOException {
        return read(input, Optional.empty(), results);
    }

    public static ReadSummary read(Reader input, Optional<HistoryFormat> format,
                                   Consumer<? super LineResult> results) throws IOException {
        PhysicalLines lines = new PhysicalLines(new BufferedReader(input), MAX_LINE_CHARS);
        Tally tally = new Tally(results);
        Optional<PhysicalLines.Line> first = nextNonBlank(lines, tally);
        if (first.isEmpty()) {
            return tally.summary(Optional.empty());
        }
        PhysicalLines.Line head = withoutByteOrderMark(first.get());
        HistoryFormat chosen = format.orElseGet(() -> HistoryFormat.sniff(head.text()));
        if (chosen == HistoryFormat.NDJSON) {
            for (Optional<PhysicalLines.Line> line = Optional.of(head); line.isPresent(); line = nextNonBlank(lines, tally)) {
                tally.take(line.get(), NdjsonLine::parse);
            }
            return tally.summary(Optional.empty());
        }
        CsvColumns columns;
        try {
            if (head.oversized()) {
                throw new LineRefusal("CSV header is longer than " + MAX_LINE_CHARS + " characters");
            }
            columns = CsvColumns.fromHeader(head.text());
        } catch (LineRefusal e) {
            tally.refuse(head.number(), e.getMessage());
            return tally.summary(Optional.of(e.getMessage()));
        }
        tally.skipped(head);
        for (Optional<PhysicalLines.Line> line = nextNonBlank(lines, tally); line.isPresent(); line = nextNonBlank(lines, tally)) {
            tally.take(line.get(), columns::parse);
        }
        return tally.summary(Optional.empty());
    }

    private static Optional<PhysicalLines.Line> nextNonBlank(PhysicalLines lines, Tally tally) throws IOException {
        Optional<PhysicalLines.Line> line = lines.next();
        while (line.isPresent() && !line.get().oversized() && line.get().text().isBlank()) {
            tally.skipped(line.get());
            line = lines.next();
        }
        return line;
    }

    private static PhysicalLines.Line withoutByteOrderMark(PhysicalLines.Line line) {
        // spreadsheet programs start UTF-8 exports with one; it is not part of the first field
        return line.text().indexOf(BYTE_ORDER_MARK) == 0
                ? new PhysicalLines.Line(line.number(), line.text().substring(1), line.oversized())
                : line;
    }

    private interface LineParser {
        LineResult parse(int line, String text);
    }

    /** Counts what was handed over, so the summary always agrees with the results. */
    private static final class Tally {
        private final Consumer<? super LineResult> results;
        private int lines;
        private int parsed;
        private int refused;

        Tally(Consumer<? super LineResult> results) {
            this.results = results;
        }

        /** A line that yields no result: blank, or the CSV header. */
        void skipped(PhysicalLines.Line line) {
            lines = line.number();
        }

        void take(PhysicalLines.Line line, LineParser parser) {
            lines = line.number();
            if (line.oversized()) {
                refuse(line.number(), "line is longer than " + MAX_LINE_CHARS + " characters");
                return;
            }
            // a free-text field such as the device would otherwise keep the mark and store a device nobody named
            int undecodable = line.text().indexOf(REPLACEMENT);
            if (undecodable >= 0) {
                refuse(line.number(), "line is not valid UTF-8: bytes that are not text at character "
                        + (undecodable + 1) + " (or a U+FFFD replacement character there)");
                return;
            }
            LineResult result = parser.parse(line.number(), line.text());
            if (result instanceof LineResult.Parsed) {
                parsed++;
            } else {
                refused++;
            }
            results.accept(result);
        }

        void refuse(int line, String message) {
            lines = line;
            refused++;
            results.accept(new LineResult.Refused(line, message));
        }

        ReadSummary summary(Optional<String> fileRefusal) {
            return new ReadSummary(lines, parsed, refused, fileRefusal);
        }
    }
}
