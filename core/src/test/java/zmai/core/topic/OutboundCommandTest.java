package zmai.core.topic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import zmai.core.meter.DeviceTopic;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OutboundCommandTest {

    private static final DeviceTopic METER = new DeviceTopic("obk8C112233");

    @Test
    void consoleCommand() {
        assertThat(OutboundCommand.console(METER, "mqtt_broadcastInterval", "60"))
                .isEqualTo(new OutboundCommand("cmnd/obk8C112233/mqtt_broadcastInterval", "60"));
        assertThat(OutboundCommand.console(METER, "publishAll", null).payload()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a+", "#", "set flag", "tab\t", "nul\u0000"})
    void consoleRefusesBadCommandNames(String command) {
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundCommand.console(METER, command, ""));
    }

    @Test
    void consoleRefusesControlCharactersInArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundCommand.console(METER, "backlog", "a\nb"));
    }

    @Test
    void power() {
        assertThat(OutboundCommand.power(METER, true)).isEqualTo(new OutboundCommand("cmnd/obk8C112233/POWER", "ON"));
        assertThat(OutboundCommand.power(METER, false).payload()).isEqualTo("OFF");
    }

    @Test
    void otaHttp() {
        assertThat(OutboundCommand.otaHttp(METER, URI.create("http://10.0.0.5:8080/fw/OpenBK7231N_1.18.288.rbl")))
                .isEqualTo(new OutboundCommand("cmnd/obk8C112233/ota_http",
                        "http://10.0.0.5:8080/fw/OpenBK7231N_1.18.288.rbl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.5/fw.rbl", "ftp://10.0.0.5/fw.rbl", "file:///fw.rbl", "/fw.rbl"})
    void otaHttpRefusesAnythingButHttp(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundCommand.otaHttp(METER, URI.create(url)))
                .withMessageContaining("plain http://");
    }

    @Test
    void restart() {
        assertThat(OutboundCommand.restart(METER)).isEqualTo(new OutboundCommand("cmnd/obk8C112233/restart", ""));
    }

    @Test
    void energyCounterReset() {
        assertThat(OutboundCommand.energyCounterReset(METER, Optional.empty()))
                .isEqualTo(new OutboundCommand("cmnd/obk8C112233/EnergyCntReset", ""));
        assertThat(OutboundCommand.energyCounterReset(METER, Optional.of(new BigDecimal("1.2E+3"))).payload())
                .isEqualTo("1200");
        assertThatIllegalArgumentException().isThrownBy(
                () -> OutboundCommand.energyCounterReset(METER, Optional.of(new BigDecimal("-1"))));
    }

    @Test
    void setFlag() {
        assertThat(OutboundCommand.setFlag(METER, 2, true))
                .isEqualTo(new OutboundCommand("cmnd/obk8C112233/SetFlag", "2 1"));
        assertThat(OutboundCommand.setFlag(METER, 50, false).payload()).isEqualTo("50 0");
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundCommand.setFlag(METER, -1, true));
    }

    @Test
    void requestChannelIsAnEmptyGet() {
        assertThat(OutboundCommand.requestChannel(METER, 1)).isEqualTo(new OutboundCommand("obk8C112233/1/get", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> OutboundCommand.requestChannel(METER, -1));
    }

    @Test
    void ourOwnCommandsAreIgnoredWhenTheyComeBack() {
        OutboundCommand request = OutboundCommand.requestChannel(METER, 1);
        assertThat(TopicParser.parse(request.topic(), new byte[0], false)).isInstanceOf(ParseResult.Ignored.class);
        OutboundCommand restart = OutboundCommand.restart(METER);
        assertThat(TopicParser.parse(restart.topic(), new byte[0], false)).isInstanceOf(ParseResult.Ignored.class);
    }
}
