package zmai.flasher.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TransferProgressTest {

    @Test
    void withoutAConsoleProgressIsSilent() {
        assumeTrue(System.console() == null, "the tests run attached to a console");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (TransferProgress progress = TransferProgress.start("write", 4096)) {
            progress.advance(4096);
            assertThat(progress).isSameAs(TransferProgress.silent());
        } finally {
            System.setErr(stderr);
        }
        assertThat(captured.size()).isZero();
    }

    @Test
    void aBarShowsTaskBytesAndSpeed() {
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        try (TransferProgress progress = TransferProgress.drawingOn(
                new PrintStream(drawn, true, StandardCharsets.UTF_8), "read flash", 2048)) {
            progress.advance(1024);
            progress.advance(1024);
        }
        assertThat(drawn.toString(StandardCharsets.UTF_8))
                .contains("read flash")
                .contains("2048/2048 B")
                .contains("B/s");
    }
}
