package zmai.core.history;

import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * Splits text into numbered lines at {@code \n} (a {@code \r} before it is dropped), keeping at most
 * {@code maxChars} of each: the rest of an oversized line is read and thrown away, so a hostile 10 MB line
 * costs time but no memory.
 */
final class PhysicalLines {

    /** @param text the line, or its first {@code maxChars} characters when {@code oversized} */
    record Line(int number, String text, boolean oversized) {
    }

    private final Reader input;
    private final int maxChars;
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
        int c;
        while ((c = input.read()) != -1 && c != '\n') {
            any = true;
            if (text.length() <= maxChars) {
                text.append((char) c);
            } else {
                oversized = true;
            }
        }
        if (c == -1) {
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
}
