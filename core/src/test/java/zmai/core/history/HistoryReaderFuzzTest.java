package zmai.core.history;

import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a history file holds, the reader answers every non-blank line and never throws. */
class HistoryReaderFuzzTest {

    @Property(tries = 2000)
    void arbitraryText(@ForAll String text) {
        assertAnswersEveryLine(text, Optional.empty());
        assertAnswersEveryLine(text, Optional.of(HistoryFormat.NDJSON));
        assertAnswersEveryLine("device,ts,register,value,unit,boot,reset\n" + text, Optional.of(HistoryFormat.CSV));
    }

    @Property(tries = 3000)
    void jsonLikeLines(@ForAll("jsonish") String line) {
        assertAnswersEveryLine(line, Optional.of(HistoryFormat.NDJSON));
    }

    @Property(tries = 3000)
    void csvLikeLines(@ForAll("csvish") String line) {
        assertAnswersEveryLine("device,ts,register,value,unit,boot,reset\n" + line, Optional.of(HistoryFormat.CSV));
    }

    private static void assertAnswersEveryLine(String text, Optional<HistoryFormat> format) {
        HistoryLines lines = HistoryLines.read(text, format);
        assertThat(lines.summary().parsed() + lines.summary().refused()).isEqualTo(lines.results().size());
        lines.results().forEach(r -> {
            if (r instanceof LineResult.Refused refused) {
                assertThat(refused.message()).isNotBlank();
            }
            assertThat(r.line()).isBetween(1, lines.summary().lines());
        });
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> key = Arbitraries.of("device", "ts", "register", "value", "unit", "boot", "reset", "x");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("\"zmai90-3fa1c2\"", "\"2026-03-01T00:00:00+01:00\"",
                        "\"2026-03-01T00:00:00\"", "\"energy_total\"", "\"0.1kWh\"", "\"Wh\"", "\"kWh\"", "2300", "-1",
                        "1e999999", "1E-400", "\"NaN\"", "NaN", "true", "null", "[]", "{}", "\"185123.456\"",
                        "123456789012345678901234567890", "0.0001", "17.5", "\"\\u0000\""),
                Arbitraries.strings().ofMaxLength(12).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
        Arbitrary<String> pair = net.jqwik.api.Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v);
        return pair.list().ofMaxSize(9).map(pairs -> "{" + String.join(",", pairs) + "}");
    }

    @Provide
    Arbitrary<String> csvish() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of("zmai90-3fa1c2", "2026-03-01T00:00:00+01:00",
                        "2026-03-01T00:00:00.1234567890Z", "energy_total", "0.1kWh", "Wh", "2300", "-1", "NaN", "true",
                        "\"", "\"a,b\"", "", " ", "9".repeat(30), "1e30"),
                Arbitraries.strings().ofMaxLength(10));
        return field.list().ofMaxSize(9).map(fields -> String.join(",", fields));
    }

    @Property(tries = 200)
    void linesAreNumberedPhysically(@ForAll("lineBreaks") List<String> breaks) {
        String text = String.join("", breaks);
        HistoryLines lines = HistoryLines.read(text, Optional.of(HistoryFormat.NDJSON));
        long nonBlank = text.lines().filter(l -> !l.isBlank()).count();
        assertThat(lines.results()).hasSize((int) nonBlank);
    }

    @Provide
    Arbitrary<List<String>> lineBreaks() {
        return Arbitraries.of("x", "\n", "\r\n", " ", "{}").list().ofMaxSize(20);
    }
}
