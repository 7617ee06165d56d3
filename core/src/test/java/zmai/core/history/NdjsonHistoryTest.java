package zmai.core.history;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import zmai.core.energy.CounterReading;
import zmai.core.energy.CounterUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The NDJSON spelling of the import contract: its examples, and one test per refusal reason. */
class NdjsonHistoryTest {

    @Test
    void tenthKilowattHourCounterWithBootCounter() {
        HistoryReading reading = HistoryLines.of("""
                {"device":"zmai90-3fa1c2","ts":"2026-03-01T00:00:00+01:00","register":"energy_total","value":2300,"unit":"0.1kWh","boot":17}
                """).single();
        assertThat(reading.device()).isEqualTo("zmai90-3fa1c2");
        assertThat(reading.register()).isEqualTo("energy_total");
        assertThat(reading.unit()).isEqualTo(CounterUnit.TENTH_KWH);
        // 2300 × 0.1 kWh = 230 kWh = 230 000 000 mWh; 00:00 at +01:00 is 23:00 UTC the day before
        assertThat(reading.reading()).isEqualTo(
                CounterReading.of(Instant.parse("2026-02-28T23:00:00Z"), 230_000_000).withBootCount(17));
    }

    @Test
    void wattHoursAsDecimalStringWithMilliseconds() {
        CounterReading reading = HistoryLines.of("""
                {"device":"zmai90-9b0e41","ts":"2026-03-14T09:12:05.250Z","register":"energy_total","value":"185123.456","unit":"Wh"}
                """).reading();
        assertThat(reading).isEqualTo(CounterReading.of(Instant.parse("2026-03-14T09:12:05.250Z"), 185_123_456));
        assertThat(reading.bootCount()).isEqualTo(OptionalLong.empty());
    }

    @Test
    void provenReset() {
        CounterReading reading = HistoryLines.of("""
                {"device":"zmai90-3fa1c2","ts":"2026-04-02T10:00:00Z","register":"energy_total","value":0,"unit":"0.1kWh","boot":18,"reset":true}
                """).reading();
        assertThat(reading).isEqualTo(CounterReading.of(Instant.parse("2026-04-02T10:00:00Z"), 0).withBootCount(18).asReset());
    }

    @Test
    void kilowattHours() {
        assertThat(HistoryLines.of(line("\"value\":1.5,\"unit\":\"kWh\"")).reading().valueMwh()).isEqualTo(1_500_000);
    }

    @Test
    void sameReadingSpelledDifferentlyIsEqual() {
        HistoryLines lines = HistoryLines.of("""
                {"device":"d","ts":"2026-03-14T10:12:05.250+01:00","register":"energy_total","value":230100.5,"unit":"Wh"}
                {"device":"d","ts":"2026-03-14T09:12:05.25Z","register":"energy_total","value":"230100.500","unit":"Wh"}
                {"device":"d","ts":"2026-03-14t09:12:05.250000000z","register":"energy_total","value":2.301005E5,"unit":"Wh"}
                {"device":"d","ts":"2026-03-14T09:12:05.250Z","register":"energy_total","value":"230.1005","unit":"kWh"}
                """);
        assertThat(lines.readings()).hasSize(4).containsOnly(
                CounterReading.of(Instant.parse("2026-03-14T09:12:05.250Z"), 230_100_500));
    }

    @Test
    void extraFieldsAndNullOptionalsAreIgnored() {
        CounterReading reading = HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\",\"boot\":null,\"reset\":null,\"note\":5")).reading();
        assertThat(reading).isEqualTo(CounterReading.of(Instant.parse("2026-03-01T00:00:00Z"), 1_000));
    }

    @Test
    void uptimeIsKeptAsRebootEvidence() {
        CounterReading reading = HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\",\"uptime\":60")).reading();
        assertThat(reading.uptimeSeconds()).hasValue(60);
    }

    @Test
    void aTimestampFinerThanAMicrosecondIsRefusedUnlessTheExtraDigitsAreZeros() {
        assertThat(HistoryLines.of("{\"device\":\"d\",\"ts\":\"2026-03-01T00:00:00.9999996Z\",\"register\":"
                + "\"energy_total\",\"value\":1,\"unit\":\"Wh\"}").refusal(1)).contains("finer than a microsecond");
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("00:00:00Z", "00:00:00.123456000Z"))
                .reading().at()).isEqualTo(Instant.parse("2026-03-01T00:00:00.123456Z"));
    }

    @Test
    void refusesInvalidJson() {
        assertThat(HistoryLines.of("{\"device\":\"d\",").refusal(1)).startsWith("not valid JSON");
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertThat(HistoryLines.read("[1,2]", Optional.of(HistoryFormat.NDJSON)).refusal(1)).isEqualTo("not a JSON object");
    }

    @Test
    void refusesAKeyGivenTwice() {
        assertThat(HistoryLines.of(line("\"value\":1,\"value\":2,\"unit\":\"Wh\"")).refusal(1)).startsWith("not valid JSON");
    }

    @Test
    void refusesMissingDevice() {
        assertThat(HistoryLines.of("""
                {"ts":"2026-03-01T00:00:00Z","register":"energy_total","value":1,"unit":"Wh"}
                """).refusal(1)).isEqualTo("device is missing");
    }

    @Test
    void refusesBlankAndOverlongDevice() {
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("\"d\"", "\"  \"")).refusal(1))
                .isEqualTo("device is missing");
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("\"d\"", "\"" + "x".repeat(129) + "\"")).refusal(1))
                .startsWith("device is longer than 128 characters");
    }

    @Test
    void refusesNegativeValue() {
        assertThat(HistoryLines.of(line("\"value\":-1,\"unit\":\"Wh\"")).refusal(1)).isEqualTo("energy value is negative: -1");
        assertThat(HistoryLines.of(line("\"value\":\"-0.5\",\"unit\":\"Wh\"")).refusal(1)).isEqualTo("energy value is negative: '-0.5'");
    }

    @Test
    void refusesNonNumericValue() {
        assertThat(HistoryLines.of(line("\"value\":\"NaN\",\"unit\":\"Wh\"")).refusal(1))
                .isEqualTo("energy value is not a decimal number: 'NaN'");
        assertThat(HistoryLines.of(line("\"value\":true,\"unit\":\"Wh\"")).refusal(1))
                .isEqualTo("value must be a number or a decimal string, not boolean");
        assertThat(HistoryLines.of(line("\"unit\":\"Wh\"")).refusal(1)).isEqualTo("value is missing");
    }

    @Test
    void refusesValueFinerThanAMilliWattHour() {
        assertThat(HistoryLines.of(line("\"value\":0.0001,\"unit\":\"Wh\"")).refusal(1))
                .isEqualTo("energy value 0.0001 Wh is finer than 1 mWh");
    }

    @Test
    void refusesUnknownUnit() {
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"MWh\"")).refusal(1))
                .isEqualTo("unit 'MWh' is not one of Wh, kWh, 0.1kWh");
    }

    @Test
    void refusesUnknownRegister() {
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("energy_total", "power")).refusal(1))
                .isEqualTo("register 'power' is not supported; the only register is energy_total");
    }

    @Test
    void refusesTimestampWithoutOffset() {
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("00:00:00Z", "00:00:00")).refusal(1))
                .isEqualTo("ts '2026-03-01T00:00:00' has no offset; add Z or a numeric offset such as +01:00");
    }

    @Test
    void refusesTimestampsThatAreNotRfc3339() {
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("2026-03-01T00:00:00Z", "1772323200")).refusal(1))
                .isEqualTo("ts '1772323200' is not an RFC 3339 timestamp like 2026-03-01T00:00:00+01:00");
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\"").replace("2026-03-01T00", "2026-02-30T00")).refusal(1))
                .isEqualTo("ts '2026-02-30T00:00:00Z' is not a valid date and time");
    }

    @Test
    void refusesBadBootAndReset() {
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\",\"boot\":-1")).refusal(1))
                .isEqualTo("boot must be a whole number of at least 0, not -1");
        assertThat(HistoryLines.of(line("\"value\":1,\"unit\":\"Wh\",\"reset\":\"yes\"")).refusal(1))
                .isEqualTo("reset must be true or false, not \"yes\"");
    }

    @Test
    void refusesAnOversizedLineAndGoesOn() {
        String huge = "{\"device\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}\n";
        HistoryLines lines = HistoryLines.of(huge + line("\"value\":1,\"unit\":\"Wh\""));
        assertThat(lines.results()).hasSize(2);
        assertThat(lines.results().get(0)).isEqualTo(new LineResult.Refused(1, "line is longer than 65536 characters"));
        assertThat(lines.results().get(1)).isInstanceOf(LineResult.Parsed.class);
        assertThat(lines.results().get(1).line()).isEqualTo(2);
    }

    @Test
    void goodLinesCountBetweenBadOnesAndBlankLinesAreSkipped() {
        HistoryLines lines = HistoryLines.of("\n" + line("\"value\":1,\"unit\":\"Wh\"") + "\n   \nnot json\r\n"
                + line("\"value\":2,\"unit\":\"Wh\"") + "\n\n");
        assertThat(lines.results()).extracting(LineResult::line).containsExactly(2, 4, 5);
        assertThat(lines.results().get(1)).isInstanceOf(LineResult.Refused.class);
        assertThat(lines.readings()).extracting(CounterReading::valueMwh).containsExactly(1_000L, 2_000L);
        assertThat(lines.summary()).isEqualTo(new ReadSummary(6, 2, 1, Optional.empty()));
    }

    @Test
    void emptyInputGivesNothing() {
        assertThat(HistoryLines.of("").summary()).isEqualTo(new ReadSummary(0, 0, 0, Optional.empty()));
    }

    private static String line(String valueAndUnit) {
        return "{\"device\":\"d\",\"ts\":\"2026-03-01T00:00:00Z\",\"register\":\"energy_total\"," + valueAndUnit + "}";
    }
}
