package zmai.fleet.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Collects one table row per fault in {@code target/chaos/faults.md} (or {@code -Dchaos.report}); the chaos
 * script puts the table into the reliability document.
 */
final class FaultReport {

    private static final Path FILE = Path.of(System.getProperty("chaos.report", "target/chaos/faults.md"));

    private FaultReport() {
    }

    /** Adds the row before the test asserts anything, so a failing fault is reported too. */
    static synchronized void record(FaultResult result) {
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, FaultResult.header());
            }
            Files.writeString(FILE, result.row(), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fault report " + FILE, e);
        }
    }
}
