package zmai.flasher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    record Written(String chip, long address, int bytes, Duration took, boolean verified) {
    }

    @Test
    void aRecordIsOneLineOfJson() {
        StringWriter text = new StringWriter();
        JsonReport.print(new Written("BK7231N", 0x11000, 4096, Duration.ofMillis(1500), true), new PrintWriter(text));

        assertThat(text.toString()).isEqualTo(
                "{\"chip\":\"BK7231N\",\"address\":69632,\"bytes\":4096,\"took\":\"PT1.5S\",\"verified\":true}"
                        + System.lineSeparator());
    }

    @Test
    void aMapKeepsItsOrder() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("port", "tcp://127.0.0.1:7000");
        report.put("crc", "0x1a2b3c4d");
        StringWriter text = new StringWriter();
        JsonReport.print(report, new PrintWriter(text));

        assertThat(text.toString().strip()).isEqualTo("{\"port\":\"tcp://127.0.0.1:7000\",\"crc\":\"0x1a2b3c4d\"}");
    }
}
