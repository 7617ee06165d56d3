package zmai.core.history;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import zmai.core.energy.CounterReading;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helper: the results of reading a history text. */
record HistoryLines(List<LineResult> results, ReadSummary summary) {

    static HistoryLines of(String text) {
        return read(text, Optional.empty());
    }

    static HistoryLines read(String text, Optional<HistoryFormat> format) {
        List<LineResult> results = new ArrayList<>();
        try {
            ReadSummary summary = HistoryReader.read(new StringReader(text), format, results::add);
            return new HistoryLines(results, summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only result, which must be a parsed reading. */
    HistoryReading single() {
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).isInstanceOf(LineResult.Parsed.class);
        return ((LineResult.Parsed) results.get(0)).reading();
    }

    CounterReading reading() {
        return single().reading();
    }

    /** The message of the only result, which must be a refusal on {@code line}. */
    String refusal(int line) {
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).isInstanceOf(LineResult.Refused.class);
        assertThat(results.get(0).line()).isEqualTo(line);
        return ((LineResult.Refused) results.get(0)).message();
    }

    List<CounterReading> readings() {
        return results.stream().filter(LineResult.Parsed.class::isInstance)
                .map(r -> ((LineResult.Parsed) r).reading().reading()).toList();
    }
}
