package zmai.core.history;

import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Splits text into numbered lines at {@code \n} (a {@code \r} before it is dropped), keeping at most
 * {@code maxChars} of each: the rest of an oversized line is read and thrown away, so a hostile 10 MB line
 * costs time but no memory. The input is read in blocks of its own, not a character per call.
 */
final class PhysicalLines {

    /** @param text the line, or its first {@code maxChars} characters when {@code oversized} */
    record Line(int number, String text, boolean oversized) {
    }

    private static final int BLOCK = 16 * 1024;

    private final Reader input;
    private final int maxChars;
    private final char[] block = new char[BLOCK];
    private int position;
    private int limit;
    private int number;
    private boolean ended;

    PhysicalLines(Reader input, int maxChars) {
        this.input = input;
        this.maxChars = maxChars;
    }

    Optional<Line> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        // one extra character so that a line of exactly maxChars may still end in \r\n
        StringBuilder text = new StringBuilder();
        boolean oversized = false;
        boolean any = false;
        boolean newline = false;
        while (!newline) {
            if (position == limit && !fill()) {
                break;
            }
            int start = position;
            int end = start;
            while (end < limit && block[end] != '\n') {
                end++;
            }
            newline = end < limit;
            position = newline ? end + 1 : end;
            any |= end > start;
            int room = maxChars + 1 - text.length();
            int taken = Math.min(room, end - start);
            text.append(block, start, taken);
            oversized |= taken < end - start;
        }
        if (!newline) {
            ended = true;
            if (!any) {
                return Optional.empty();
            }
        }
        number++;
        if (!oversized && text.length() > 0 && text.charAt(text.length() - 1) == '\r') {
            text.setLength(text.length() - 1);
        }
        if (text.length() > maxChars) {
            oversized = true;
            text.setLength(maxChars);
        }
        return Optional.of(new Line(number, text.toString(), oversized));
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = input.read(block, 0, BLOCK);
        } while (read == 0);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }
}
