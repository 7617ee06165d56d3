package zmai.core.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AccountCommandTest {

    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "readings.csv");

    /*
     * zmai90-3fa1c2 (0.1 kWh counts), March: baseline 2300; +1 seven times to 2307; 2306 at 08:15 is a glitch;
     * +1 to 2308; +12 to 2320; 2319 after boot 17 → 18 is a rewind (new baseline 2319); +1 to 2320; +25 to 2345;
     * +25 to 2370. 7 + 1 + 12 + 1 + 25 + 25 = 71 counts = 7.100 kWh in 12 accepted decisions. Each interval lies
     * inside March, so all of it is March's.
     * April: reset to 0 (not energy), then +1, +14, +15, +12 = 42 counts = 4.200 kWh in 4 accepted decisions.
     *
     * zmai90-9b0e41 (Wh): March inside the month 180000.000 → 187000.000 Wh = 7.000 kWh in 5 decisions. Then
     * silence from 2026-03-20 00:00+01:00 (03-19 23:00Z) to 2026-04-20 00:00+02:00 (04-19 22:00Z): 743 h = 2972
     * quarter hours and 261300 − 187000 = 74300 Wh, exactly 25 Wh a quarter hour. April begins at 03-31 22:00Z:
     * 1148 quarter hours are March's (28.700 kWh), 1824 April's (45.600 kWh).
     * March 7.000 + 28.700 = 35.700; April 45.600 + 1.700 + 1.500125 = 48.800125 → 48.800; total 84.500125 → 84.500.
     */
    private static final String EXAMPLE_TABLE = """
            device         month    energy_kwh  accepted  catch-ups  rewinds  resets  glitches
            zmai90-3fa1c2  2026-03       7.100        12          0        1       0         1
            zmai90-3fa1c2  2026-04       4.200         4          0        0       1         0
            zmai90-3fa1c2  total        11.300        16          0        1       1         1
            zmai90-9b0e41  2026-03      35.700         5          0        0       0         0
            zmai90-9b0e41  2026-04      48.800         3          0        0       0         0
            zmai90-9b0e41  total        84.500         8          0        0       0         0
            """;

    @Test
    void accountsTheExamplePerLocalMonth() {
        AccountRun run = AccountRun.of(EXAMPLE.toString(), "--zone", "Europe/Warsaw");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualToNormalizingNewlines(EXAMPLE_TABLE);
    }

    @Test
    void reportsTheRefusedLineByNumber() {
        AccountRun run = AccountRun.of(EXAMPLE.toString(), "--zone", "Europe/Warsaw");
        assertThat(run.err()).contains("line 24: energy value is not a decimal number: 'NaN'")
                .contains("33 lines, 31 readings read, 1 refused");
    }

    @Test
    void duplicatedLinesGiveIdenticalOutput(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE);
        List<String> twice = new ArrayList<>(lines);
        twice.addAll(lines.subList(1, lines.size()));
        Path doubled = Files.write(dir.resolve("doubled.csv"), twice);
        AccountRun once = AccountRun.of(EXAMPLE.toString(), "--zone", "Europe/Warsaw", "--events");
        AccountRun again = AccountRun.of(doubled.toString(), "--zone", "Europe/Warsaw", "--events");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo(once.out());
    }

    @Test
    void eventsShowEveryDecisionWithItsEvidence() {
        String out = AccountRun.of(EXAMPLE.toString(), "--zone", "Europe/Warsaw", "--events").out();
        assertThat(out).startsWith(EXAMPLE_TABLE.replace("\n", System.lineSeparator()))
                .contains("2026-03-01T00:00:00+01:00      BASELINE               230.000       0.000  first reading")
                .contains("2026-03-10T12:05:00+01:00      REWIND                 231.900       0.000  reboot (boot counter 17 → 18)")
                .contains("2026-04-02T12:00:00+02:00      RESET                    0.000       0.000  explicit reset to 0.000 Wh")
                .contains("2026-04-20T00:00:00+02:00      ACCEPTED               261.300      74.300  rose 74300.000 Wh in PT743H");
    }

    @Test
    void ndjsonSniffedAndQuantumGivenPerDevice(@TempDir Path dir) throws IOException {
        // 0.4 kWh in one minute; plausible is 16 kW × 1/60 h × 1.2 = 0.32 kWh plus one quantum
        Path file = Files.writeString(dir.resolve("export.log"), """
                {"device":"a","ts":"2026-03-01T00:00:00Z","register":"energy_total","value":"1.000","unit":"kWh"}
                {"device":"a","ts":"2026-03-01T00:01:00Z","register":"energy_total","value":"1.400","unit":"kWh"}
                """);
        // kWh readings: quantum 1 Wh, 0.321 kWh plausible, so the jump is held and nothing confirms it
        assertThat(AccountRun.of(file.toString()).out()).contains("a       2026-03       0.000         0")
                .contains("a: the reading of 1.400 kWh at 2026-03-01T00:01:00Z is held until a later one confirms it"
                        + " (an implausible jump)");
        // a 0.1 kWh quantum: 0.420 kWh plausible, so it counts
        assertThat(AccountRun.of(file.toString(), "--quantum", "a=0.1kWh").out())
                .contains("a       2026-03       0.400         1");
    }

    @Test
    void aHeaderWithoutValueMakesTheFileUnreadable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "device,ts,register,unit\n");
        AccountRun run = AccountRun.of(file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("line 1: CSV header lacks required column value");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingFileIsUnreadable() {
        AccountRun run = AccountRun.of("no-such-history.csv");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read no-such-history.csv: no such file");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(AccountRun.of().exitCode()).isEqualTo(2);
        assertThat(AccountRun.of(EXAMPLE.toString(), "--zone", "Mars/Olympus").exitCode()).isEqualTo(2);
        assertThat(AccountRun.of(EXAMPLE.toString(), "--quantum", "a=lots").exitCode()).isEqualTo(2);
        assertThat(AccountRun.of(EXAMPLE.toString(), "--max-power-watts", "0").exitCode()).isEqualTo(2);
    }
}
