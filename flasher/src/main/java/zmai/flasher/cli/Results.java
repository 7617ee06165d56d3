package zmai.flasher.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/** Result figures and their printing, shared by the commands. */
final class Results {

    private Results() {
    }

    static BigDecimal seconds(Duration elapsed) {
        return BigDecimal.valueOf(elapsed.toMillis(), 3);
    }

    static long perSecond(long bytes, Duration elapsed) {
        return elapsed.isZero() ? 0 : bytes * 1_000_000_000L / Math.max(1, elapsed.toNanos());
    }

    static BigDecimal ratio(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN);
    }

    /** One line of JSON for scripts, or aligned key/value lines for people. */
    static void print(Map<String, Object> report, boolean json, PrintWriter out) {
        if (json) {
            JsonReport.print(report, out);
            return;
        }
        report.forEach((key, value) -> out.printf("%-15s %s%n", key, value));
        out.flush();
    }
}
