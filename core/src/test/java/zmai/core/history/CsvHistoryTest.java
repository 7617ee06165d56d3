package zmai.core.history;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import zmai.core.energy.CounterReading;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV spelling of the import contract: columns by header name, the header is line 1. */
class CsvHistoryTest {

    private static final String HEADER = "device,ts,register,value,unit,boot,reset\n";

    @Test
    void contractExamples() {
        HistoryLines lines = HistoryLines.of(HEADER + """
                zmai90-3fa1c2,2026-03-01T00:00:00+01:00,energy_total,2300,0.1kWh,17,
                zmai90-9b0e41,2026-03-14T09:12:05.250Z,energy_total,185123.456,Wh,,
                zmai90-3fa1c2,2026-04-02T10:00:00Z,energy_total,0,0.1kWh,18,true
                """);
        assertThat(lines.results()).extracting(LineResult::line).containsExactly(2, 3, 4);
        assertThat(lines.readings()).containsExactly(
                CounterReading.of(Instant.parse("2026-02-28T23:00:00Z"), 230_000_000).withBootCount(17),
                CounterReading.of(Instant.parse("2026-03-14T09:12:05.250Z"), 185_123_456),
                CounterReading.of(Instant.parse("2026-04-02T10:00:00Z"), 0).withBootCount(18).asReset());
    }

    @Test
    void columnsInAnyOrderExtraOnesIgnoredOptionalOnesAbsent() {
        HistoryLines lines = HistoryLines.of("""
                unit,comment,value,ts,device,register
                0.1kWh,"first, after install",2300,2026-03-01T00:00:00+01:00,zmai90-3fa1c2,energy_total
                """);
        HistoryReading reading = lines.single();
        assertThat(reading.device()).isEqualTo("zmai90-3fa1c2");
        assertThat(reading.reading()).isEqualTo(CounterReading.of(Instant.parse("2026-02-28T23:00:00Z"), 230_000_000));
    }

    @Test
    void sameReadingAsInNdjson() {
        CounterReading fromCsv = HistoryLines.of(HEADER + "d,2026-03-14T10:12:05.25+01:00,energy_total,\"230100.500\",Wh,,\n").reading();
        CounterReading fromJson = HistoryLines.of("""
                {"device":"d","ts":"2026-03-14T09:12:05.250Z","register":"energy_total","value":230100.5,"unit":"Wh"}
                """).reading();
        assertThat(fromCsv).isEqualTo(fromJson);
    }

    @Test
    void spreadsheetByteOrderMarkAndPaddingAreHarmless() {
        CounterReading reading = HistoryLines.of("\uFEFF" + HEADER + " d , 2026-03-01T00:00:00Z , energy_total , 1 , Wh , 3 , FALSE \r\n").reading();
        assertThat(reading).isEqualTo(CounterReading.of(Instant.parse("2026-03-01T00:00:00Z"), 1_000).withBootCount(3));
    }

    @Test
    void missingRequiredColumnRefusesTheWholeFile() {
        HistoryLines lines = HistoryLines.read("device,ts,register,unit\nd,2026-03-01T00:00:00Z,energy_total,Wh\n",
                Optional.of(HistoryFormat.CSV));
        String message = "CSV header lacks required column value; expected device,ts,register,value,unit[,boot,uptime,reset],"
                + " found: device,ts,register,unit";
        assertThat(lines.refusal(1)).isEqualTo(message);
        assertThat(lines.summary().fileRefusal()).contains(message);
    }

    @Test
    void aColumnNamedTwiceRefusesTheWholeFile() {
        HistoryLines lines = HistoryLines.of("device,ts,register,value,unit,value\n");
        assertThat(lines.refusal(1)).isEqualTo("CSV header names column value twice");
    }

    @Test
    void refusalsCarryTheirPhysicalLineNumber() {
        HistoryLines lines = HistoryLines.of(HEADER + """
                zmai90-9b0e41,2026-03-25T00:00:00+01:00,energy_total,NaN,Wh,,

                ,2026-03-25T00:00:00+01:00,energy_total,1,Wh,,
                d,2026-03-25T00:00:00,energy_total,1,Wh,,
                d,2026-03-25T00:00:00Z,energy_total,1,Wh,-2,
                d,2026-03-25T00:00:00Z,energy_total,1,Wh,,maybe
                d,2026-03-25T00:00:00Z,energy_total,"1,Wh,,
                d,2026-03-25T00:00:00Z,energy_total,1,Wh,,,surplus
                d,2026-03-25T00:00:00Z,energy_total,1,Wh
                """);
        assertThat(lines.results()).containsExactly(
                new LineResult.Refused(2, "energy value is not a decimal number: 'NaN'"),
                new LineResult.Refused(4, "device is missing"),
                new LineResult.Refused(5, "ts '2026-03-25T00:00:00' has no offset; add Z or a numeric offset such as +01:00"),
                new LineResult.Refused(6, "boot '-2' is not a whole number of at most 18 digits"),
                new LineResult.Refused(7, "reset 'maybe' is neither true nor false"),
                new LineResult.Refused(8, "not a valid CSV record: Missing closing quote for value"),
                new LineResult.Refused(9, "line has 8 fields, the header has 7"),
                lines.results().get(7));
        assertThat(lines.results().get(7)).isInstanceOf(LineResult.Parsed.class);
        assertThat(lines.results().get(7).line()).isEqualTo(10);
    }

    @Test
    void sniffsCsvAndNdjson() {
        assertThat(HistoryFormat.sniff("  {\"device\":1}")).isEqualTo(HistoryFormat.NDJSON);
        assertThat(HistoryFormat.sniff("device,ts")).isEqualTo(HistoryFormat.CSV);
        assertThat(HistoryFormat.fromFileName("export.JSONL")).contains(HistoryFormat.NDJSON);
        assertThat(HistoryFormat.fromFileName("readings.csv")).contains(HistoryFormat.CSV);
        assertThat(HistoryFormat.fromFileName("readings.txt")).isEmpty();
    }
}
