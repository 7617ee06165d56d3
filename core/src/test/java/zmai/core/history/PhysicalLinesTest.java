package zmai.core.history;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines are cut the same wherever the reader's blocks end, and a reader that hands out little at a time. */
class PhysicalLinesTest {

    @Property(tries = 300)
    void linesOfAnyLengthAcrossBlocks(@ForAll("texts") String text) throws IOException {
        List<PhysicalLines.Line> expected = new ArrayList<>();
        String[] parts = text.split("\n", -1);
        int count = text.endsWith("\n") ? parts.length - 1 : parts.length;
        for (int i = 0; i < count; i++) {
            String line = parts[i];
            if (line.isEmpty() && i == count - 1 && !text.endsWith("\n")) {
                break;
            }
            String kept = line.endsWith("\r") && line.length() <= 101 ? line.substring(0, line.length() - 1) : line;
            expected.add(new PhysicalLines.Line(i + 1, kept.length() > 100 ? kept.substring(0, 100) : kept,
                    kept.length() > 100));
        }
        assertThat(all(new StringReader(text), 100)).isEqualTo(expected);
        assertThat(all(new Trickle(text), 100)).isEqualTo(expected);
    }

    @Test
    void aLineLongerThanABlockIsKeptWhole() throws IOException {
        String longLine = "x".repeat(40_000);
        assertThat(all(new StringReader("a\r\n" + longLine + "\nb"), HistoryReader.MAX_LINE_CHARS)).containsExactly(
                new PhysicalLines.Line(1, "a", false), new PhysicalLines.Line(2, longLine, false),
                new PhysicalLines.Line(3, "b", false));
    }

    private static List<PhysicalLines.Line> all(Reader reader, int maxChars) throws IOException {
        PhysicalLines lines = new PhysicalLines(reader, maxChars);
        List<PhysicalLines.Line> out = new ArrayList<>();
        for (Optional<PhysicalLines.Line> line = lines.next(); line.isPresent(); line = lines.next()) {
            out.add(line.get());
        }
        return out;
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of("\n", "\r\n", "\r", "a"),
                Arbitraries.integers().between(0, 20_000).map("y"::repeat),
                Arbitraries.integers().between(95, 105).map("z"::repeat));
        return piece.list().ofMaxSize(12).map(pieces -> String.join("", pieces));
    }

    /** A reader that gives at most three characters per call, as a slow network body may. */
    private static final class Trickle extends Reader {
        private final StringReader text;

        Trickle(String text) {
            this.text = new StringReader(text);
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            return text.read(buffer, offset, Math.min(length, 3));
        }

        @Override
        public void close() {
        }
    }
}
