package zmai.core.history;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Bytes that are not UTF-8 refuse their line, whichever field they are in; the lines around them are read. */
class UndecodableLinesTest {

    private static final String GOOD = "{\"device\":\"zmai90-3fa1c2\",\"ts\":\"2026-03-01T00:00:00Z\","
            + "\"register\":\"energy_total\",\"value\":2300,\"unit\":\"0.1kWh\"}\n";

    @Test
    void aDeviceWithBytesThatAreNotUtf8IsRefusedNotStoredUnderAnotherName() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
        // a Latin-1 "é" (0xE9) and a lone 0xFF: both decode to U+FFFD, which is neither a control character nor
        // a quote, so the device field alone would take it
        body.writeBytes("{\"device\":\"caf".getBytes(StandardCharsets.UTF_8));
        body.write(0xE9);
        body.write(0xFF);
        body.writeBytes(GOOD.substring(GOOD.indexOf("\",\"ts\"")).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(GOOD.replace("2300", "2400").getBytes(StandardCharsets.UTF_8));

        List<LineResult> results = new ArrayList<>();
        HistoryReader.read(new InputStreamReader(new ByteArrayInputStream(body.toByteArray()), StandardCharsets.UTF_8),
                Optional.of(HistoryFormat.NDJSON), results::add);

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOf(LineResult.Parsed.class);
        assertThat(results.get(1)).isEqualTo(new LineResult.Refused(2, "line is not valid UTF-8: bytes that are not"
                + " text at character 15 (or a U+FFFD replacement character there)"));
        assertThat(results.get(2)).isInstanceOf(LineResult.Parsed.class);
    }

    @Test
    void csvLinesAreRefusedTheSameWay() {
        HistoryLines lines = HistoryLines.read("device,ts,register,value,unit\n"
                + "zmai90-\uFFFD,2026-03-01T00:00:00Z,energy_total,2300,0.1kWh\n"
                + "zmai90-3fa1c2,2026-03-01T00:00:00Z,energy_total,2300,0.1kWh\n", Optional.of(HistoryFormat.CSV));
        assertThat(lines.results()).hasSize(2);
        assertThat(((LineResult.Refused) lines.results().get(0)).message()).startsWith("line is not valid UTF-8");
        assertThat(lines.results().get(1)).isInstanceOf(LineResult.Parsed.class);
    }
}
