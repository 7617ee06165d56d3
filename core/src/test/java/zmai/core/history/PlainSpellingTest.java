package zmai.core.history;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import zmai.core.energy.CounterUnit;
import zmai.core.energy.MilliWattHours;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcuts for the usual spelling of a line (no JSON tree, no date formatter, no BigDecimal, no CSV
 * library) answer exactly what the full readers answer, and leave everything else to them.
 */
class PlainSpellingTest {

    @Property(tries = 5000)
    void aJsonLineReadsAsTheFullParserReadsIt(@ForAll("jsonLines") String line) {
        assertThat(NdjsonLine.parse(7, line)).isEqualTo(NdjsonLine.parseFully(7, line));
    }

    @Test
    void theUsualLinesTakeTheShortcut() {
        assertThat(FlatJsonLine.read("{\"device\":\"bench-1\",\"ts\":\"2025-01-01T00:15:00Z\",\"register\":\"energy_total\","
                + "\"value\":\"12.500\",\"unit\":\"Wh\"}")).isPresent();
        assertThat(FlatJsonLine.read(" { \"device\" : \"d\", \"ts\":\"2026-03-01T00:00:00.25+01:00\", \"register\":"
                + "\"energy_total\", \"value\":2300, \"unit\":\"0.1kWh\", \"boot\":17, \"uptime\":null, \"reset\":true,"
                + " \"note\":\"x\" } ")).isPresent();
    }

    @Test
    void unusualLinesAreLeftToTheFullParser() {
        String usual = "{\"device\":\"d\",\"ts\":\"2026-03-01T00:00:00Z\",\"register\":\"energy_total\",\"value\":1,"
                + "\"unit\":\"Wh\"}";
        assertThat(FlatJsonLine.read(usual)).isPresent();
        for (String unusual : new String[]{usual.replace("\"d\"", "\"d\\u0041\""), usual.replace("\"d\"", "\"dé\""),
                usual.replace(":1,", ":01,"), usual.replace(":1,", ":1e0,"), usual.replace(":1,", ":-1,"),
                usual.replace("}", ",\"x\":[1]}"), usual.replace("}", ",\"unit\":\"Wh\"}"), usual + "x",
                usual.replace("Z\"", "\""), usual.replace("\"d\"", "\" d\""), usual.replace("\"d\"", "null"),
                usual.replace("}", ",\"x\":007}"), usual.replace("}", ",\"boot\":1.0}")}) {
            assertThat(FlatJsonLine.read(unusual)).as(unusual).isEmpty();
        }
    }

    @Property(tries = 5000)
    void aTimestampGivesTheFormattersInstant(@ForAll("timestamps") String ts) {
        Optional<Instant> plain = ReadingFields.plainInstant(ts);
        if (plain.isPresent()) {
            assertThat(plain.get()).isEqualTo(
                    OffsetDateTime.parse(ts.toUpperCase(java.util.Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant());
        }
    }

    @Test
    void usualTimestampsTakeTheShortcut() {
        assertThat(ReadingFields.plainInstant("2024-02-29T23:59:59.123456-05:30"))
                .hasValue(Instant.parse("2024-03-01T05:29:59.123456Z"));
        assertThat(ReadingFields.plainInstant("2026-03-14t09:12:05.250000000z"))
                .hasValue(Instant.parse("2026-03-14T09:12:05.250Z"));
        assertThat(ReadingFields.plainInstant("2025-02-29T00:00:00Z")).isEmpty();
        assertThat(ReadingFields.plainInstant("2026-03-01T00:00:00.0000001Z")).isEmpty();
        assertThat(ReadingFields.plainInstant("2026-03-01T00:00:00")).isEmpty();
    }

    @Property(tries = 5000)
    void aDecimalGivesTheExactConversion(@ForAll("decimals") String value, @ForAll CounterUnit unit) {
        OptionalLong plain = ReadingFields.plainValueMwh(value, unit);
        if (plain.isPresent()) {
            assertThat(plain.getAsLong()).isEqualTo(MilliWattHours.parse(value, unit));
        }
    }

    @Test
    void usualDecimalsTakeTheShortcut() {
        assertThat(ReadingFields.plainValueMwh("230100.500", CounterUnit.WH)).hasValue(230_100_500);
        assertThat(ReadingFields.plainValueMwh("2300", CounterUnit.TENTH_KWH)).hasValue(230_000_000);
        assertThat(ReadingFields.plainValueMwh("0.0001", CounterUnit.WH)).isEmpty();
        assertThat(ReadingFields.plainValueMwh("999999999999999999", CounterUnit.KWH)).isEmpty();
    }

    @Property(tries = 5000)
    void aCsvRecordSplitsAsTheCsvLibrarySplitsIt(@ForAll("csvRecords") String record) {
        assertThat(fields(() -> CsvColumns.split(record))).isEqualTo(fields(() -> CsvColumns.splitFully(record)));
    }

    private interface Split {
        String[] fields() throws LineRefusal;
    }

    private static List<String> fields(Split split) {
        try {
            return List.of(split.fields());
        } catch (LineRefusal e) {
            return List.of("refused: " + e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> jsonLines() {
        Arbitrary<String> key = Arbitraries.of("device", "ts", "register", "value", "unit", "boot", "uptime", "reset",
                "x", "d\\u0065vice");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("\"zmai90-3fa1c2\"", "\" d \"", "\"\"",
                        "\"2026-03-01T00:00:00+01:00\"", "\"2026-03-01T00:00:00\"", "\"2026-02-29T00:00:00Z\"",
                        "\"2026-03-01t00:00:00.1234560z\"", "\"energy_total\"", "\"0.1kWh\"", "\"Wh\"", "\"kWh\"",
                        "2300", "0", "00", "0.5", "-1", "1e3", "1.", "17.5", "007", "\"007\"", "\"1.\"", "\".5\"",
                        "\"185123.456\"", "0.0001", "123456789012345678901234567890", "\"9223372036854775807\"",
                        "true", "false", "null", "nul", "[]", "{}", "\"\\u0000\"", "\"é\""),
                Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf));
        Arbitrary<String> space = Arbitraries.of("", "", "", " ", "\t", "\r", "\u000b");
        Arbitrary<String> pair = Combinators.combine(space, key, space, value, space)
                .as((a, k, b, v, c) -> a + "\"" + k + "\"" + b + ":" + v + c);
        Arbitrary<String> usual = Combinators.combine(Arbitraries.of("\"d\"", "\"zmai90-3fa1c2\""),
                        Arbitraries.of("2026-03-01T00:00:00+01:00", "2025-12-31T23:59:59.999Z", "2024-02-29T12:00:00-05:30"),
                        Arbitraries.of("1", "0", "\"230100.500\"", "230100.5", "\"1.5\"", "0.0005", "2300"),
                        Arbitraries.of("Wh", "kWh", "0.1kWh"), pair.list().ofMaxSize(2))
                .as((d, ts, v, u, extra) -> "{\"device\":" + d + ",\"ts\":\"" + ts + "\",\"register\":\"energy_total\","
                        + "\"value\":" + v + ",\"unit\":\"" + u + "\"" + extra.stream().map(p -> "," + p)
                        .reduce("", String::concat) + "}");
        Arbitrary<String> random = pair.list().ofMaxSize(9).map(pairs -> "{" + String.join(",", pairs) + "}");
        return Arbitraries.oneOf(usual, random);
    }

    @Provide
    Arbitrary<String> timestamps() {
        Arbitrary<String> two = Arbitraries.integers().between(0, 61).map(i -> String.format("%02d", i));
        Arbitrary<String> fraction = Arbitraries.of("", ".", ".5", ".25", ".123456", ".1234560", ".123456789",
                ".1234567891", ".000000001");
        Arbitrary<String> offset = Arbitraries.of("Z", "z", "+01:00", "-05:30", "-00:00", "+00:00", "+18:00", "+17:59",
                "+24:00", "", "+0100", "+01:60");
        return Combinators.combine(Arbitraries.of("2024", "2025", "0001", "0000", "9999", "1970"),
                        Arbitraries.integers().between(0, 13).map(i -> String.format("%02d", i)),
                        two, Arbitraries.of("T", "t", " "), two, two, two, fraction)
                .as((y, mo, d, t, h, mi, s, f) -> y + "-" + mo + "-" + d + t + h + ":" + mi + ":" + s + f)
                .flatMap(base -> offset.map(o -> base + o));
    }

    @Provide
    Arbitrary<String> decimals() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789.").ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(19),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.of("+1", "1e3", " 1", "-0"));
    }

    @Provide
    Arbitrary<String> csvRecords() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("zmai90-3fa1c2", "2026-03-01T00:00:00+01:00",
                        "energy_total", "0.1kWh", "", " ", " a ", "#", "'", "\\", "\t", "é", "\"a,b\"", "\"", "1e30"),
                Arbitraries.strings().ofMaxLength(6));
        return field.list().ofMinSize(1).ofMaxSize(9).map(fields -> String.join(",", fields))
                .filter(record -> !record.isBlank());
    }

}
