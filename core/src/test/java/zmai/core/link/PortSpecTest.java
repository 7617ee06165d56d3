package zmai.core.link;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortSpecTest {

    @Test
    void aTcpUrlIsABridge() {
        assertThat(PortSpec.parse("tcp://127.0.0.1:7000")).isEqualTo(new PortSpec.Tcp("127.0.0.1", 7000));
        assertThat(PortSpec.parse("TCP://localhost:1")).isEqualTo(new PortSpec.Tcp("localhost", 1));
    }

    @Test
    void anIpv6HostGoesInBrackets() {
        PortSpec spec = PortSpec.parse("tcp://[::1]:65535");
        assertThat(spec).isEqualTo(new PortSpec.Tcp("::1", 65535));
        assertThat(spec).hasToString("tcp://[::1]:65535");
    }

    @Test
    void anythingElseIsADevicePath() {
        assertThat(PortSpec.parse("/dev/ttyUSB0")).isEqualTo(new PortSpec.Device("/dev/ttyUSB0"));
        assertThat(PortSpec.parse("COM3")).isEqualTo(new PortSpec.Device("COM3"));
        assertThat(PortSpec.parse("/dev/pts/4")).hasToString("/dev/pts/4");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp://127.0.0.1:0       | outside 1..65535",
            "tcp://127.0.0.1:65536   | outside 1..65535",
            "tcp://127.0.0.1         | has no port",
            "tcp://127.0.0.1:        | must be a number",
            "tcp://127.0.0.1:70x0    | must be a number",
            "tcp://127.0.0.1:-1      | must be a number",
            "tcp://:7000             | needs a host",
            "tcp://::1:7000          | in brackets",
            "tcp://[::1]7000         | tcp://[IPv6]:PORT",
            "tcp://127.0.0.1:7000/x  | must be a number",
            "rfc2217://10.0.0.2:4000 | unsupported port",
            "'  '                    | no port given"})
    void refusesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> PortSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
