package zmai.core.topic;

import zmai.core.energy.CounterUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;
import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;
import zmai.core.topic.MeterMessage.Availability;
import zmai.core.topic.MeterMessage.Build;
import zmai.core.topic.MeterMessage.ChannelValue;
import zmai.core.topic.MeterMessage.ChipTemperature;
import zmai.core.topic.MeterMessage.DeviceClock;
import zmai.core.topic.MeterMessage.EnergyClearDate;
import zmai.core.topic.MeterMessage.EnergyCounterReading;
import zmai.core.topic.MeterMessage.FreeHeap;
import zmai.core.topic.MeterMessage.HostName;
import zmai.core.topic.MeterMessage.IpAddress;
import zmai.core.topic.MeterMessage.MacReport;
import zmai.core.topic.MeterMessage.Measurement;
import zmai.core.topic.MeterMessage.SignalStrength;
import zmai.core.topic.MeterMessage.Uptime;
import zmai.core.topic.MeterMessage.WifiSsid;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.core.topic.Parsed.accepted;
import static zmai.core.topic.Parsed.ignored;
import static zmai.core.topic.Parsed.single;

/** Every topic shape of spec §1.3-1.6, with the payloads the firmware prints. */
class OpenBekenTopicsTest {

    @Test
    void connectedOnline() {   // §1.3: published QoS 2, retained, on every connect
        Inbound inbound = accepted("obk8C112233/connected", "online");
        assertThat(inbound.device()).isEqualTo(new DeviceTopic("obk8C112233"));
        assertThat(inbound.dialect()).isEqualTo(Dialect.OPENBEKEN);
        assertThat(inbound.messages()).containsExactly(new Availability(true));
    }

    @Test
    void connectedOfflineIsTheWill() {
        assertThat(single("obk8C112233/connected", "offline")).isEqualTo(new Availability(false));
    }

    @Test
    void retainedFlagIsCarriedThrough() {
        ParseResult retained = TopicParser.parse("obk8C112233/connected", "online".getBytes(StandardCharsets.UTF_8),
                true);
        assertThat(((ParseResult.Accepted) retained).inbound().retained()).isTrue();
        assertThat(accepted("obk8C112233/connected", "online").retained()).isFalse();
    }

    @Test
    void host() {
        assertThat(single("obk8C112233/host", "obk8C112233")).isEqualTo(new HostName("obk8C112233"));
    }

    @Test
    void build() {
        Build build = (Build) single("obk8C112233/build", "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        assertThat(build.info().chip()).contains(ChipFamily.BK7231N);
        assertThat(build.info().version()).isEqualTo(FirmwareVersion.of(1, 18, 288));
    }

    @Test
    void oldBuild() {
        Build build = (Build) single("obk8C112233/build", "Built on Nov 12 2022 10:11:12 version 1.0.0");
        assertThat(build.info().chip()).isEmpty();
    }

    @Test
    void mac() {
        assertThat(single("obk8C112233/mac", "aa:bb:8c:11:22:33"))
                .isEqualTo(new MacReport(MacAddress.parse("AA:BB:8C:11:22:33")));
    }

    @Test
    void ip() {
        assertThat(single("obk8C112233/ip", "192.168.1.42")).isEqualTo(new IpAddress("192.168.1.42"));
    }

    @Test
    void rssi() {
        assertThat(single("obk8C112233/rssi", "-70")).isEqualTo(new SignalStrength(-70));
    }

    @Test
    void uptime() {
        assertThat(single("obk8C112233/uptime", "3600")).isEqualTo(new Uptime(3600));
    }

    @Test
    void freeheap() {
        assertThat(single("obk8C112233/freeheap", "81234")).isEqualTo(new FreeHeap(81234));
    }

    @Test
    void ssid() {
        assertThat(single("obk8C112233/ssid", "Home WiFi")).isEqualTo(new WifiSsid("Home WiFi"));
    }

    @Test
    void chipTemperature() {   // printed with %.2f
        assertThat(single("obk8C112233/temp", "41.25")).isEqualTo(new ChipTemperature(new BigDecimal("41.25")));
    }

    @Test
    void datetime() {
        assertThat(single("obk8C112233/datetime", "1740823872")).isEqualTo(new DeviceClock(1740823872L));
    }

    @Test
    void channelWithGet() {
        assertThat(single("obk8C112233/1/get", "1")).isEqualTo(new ChannelValue(1, BigDecimal.ONE));
        assertThat(single("obk8C112233/0/get", "12345")).isEqualTo(new ChannelValue(0, new BigDecimal("12345")));
    }

    @Test
    void channelWithScaledDecimal() {   // flag 33 publishes the channel-type-scaled float
        assertThat(single("obk8C112233/2/get", "123.45")).isEqualTo(new ChannelValue(2, new BigDecimal("123.45")));
    }

    @Test
    void channelWithoutGetUnderFlag50() {
        assertThat(single("obk8C112233/3", "-7")).isEqualTo(new ChannelValue(3, new BigDecimal("-7")));
    }

    @ParameterizedTest
    @CsvSource({
            "voltage, VOLTAGE, 229.8",
            "current, CURRENT, 0.261",
            "power, POWER, 60.25",
            "power_apparent, APPARENT_POWER, 61.00",
            "power_reactive, REACTIVE_POWER, 8.41",
            "power_factor, POWER_FACTOR, 0.99",
            "138, FREQUENCY, 50.02"})
    void measurementsWithAndWithoutGet(String name, Quantity quantity, String value) {
        Measurement expected = new Measurement(quantity, new BigDecimal(value));
        assertThat(single("obk8C112233/" + name + "/get", value)).isEqualTo(expected);
        assertThat(single("obk8C112233/" + name, value)).isEqualTo(expected);
    }

    @Test
    void energyCounterDeclaresNoUnit() {   // Wh, or kWh with flag 40: only the device's configuration knows
        EnergyCounterReading expected = new EnergyCounterReading(EnergyRegister.TOTAL, new BigDecimal("1234.567"),
                Optional.empty(), Optional.empty());
        assertThat(single("obk8C112233/energycounter/get", "1234.567")).isEqualTo(expected);
        assertThat(single("obk8C112233/energycounter", "1234.567")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "energycounter_last_hour, LAST_HOUR",
            "energycounter_today, TODAY",
            "energycounter_yesterday, YESTERDAY",
            "energycounter_2_days_ago, TWO_DAYS_AGO",
            "energycounter_3_days_ago, THREE_DAYS_AGO"})
    void dailyRegistersAreWattHours(String name, EnergyRegister register) {
        EnergyCounterReading expected = new EnergyCounterReading(register, new BigDecimal("12.300"),
                Optional.of(CounterUnit.WH), Optional.empty());
        assertThat(single("obk8C112233/" + name + "/get", "12.300")).isEqualTo(expected);
        assertThat(single("obk8C112233/" + name, "12.300")).isEqualTo(expected);
    }

    @Test
    void energyClearDate() {
        EnergyClearDate expected = new EnergyClearDate(OffsetDateTime.parse("2025-03-01T10:11+01:00"));
        assertThat(single("obk8C112233/energycounter_clear_date/get", "2025-03-01T10:11+01:00")).isEqualTo(expected);
        assertThat(single("obk8C112233/energycounter_clear_date", "2025-03-01T10:11+01:00")).isEqualTo(expected);
    }

    @Test
    void emptyGetIsOurOwnRepublishRequest() {
        assertThat(ignored("obk8C112233/1/get", "")).contains("republish request");
        assertThat(ignored("obk8C112233/energycounter/get", "")).contains("republish request");
    }

    @Test
    void setIsACommand() {
        assertThat(ignored("obk8C112233/1/set", "1")).contains("set command");
    }

    @Test
    void unknownInfoItemIsIgnored() {
        assertThat(ignored("obk8C112233/sockets", "7")).contains("unknown OpenBeken item 'sockets'");
        assertThat(ignored("obk8C112233/consumption_stats/get", "{}")).contains("unknown OpenBeken item");
    }

    @Test
    void unknownThirdLevelIsIgnored() {
        assertThat(ignored("obk8C112233/1/foo", "1")).contains("unknown OpenBeken topic shape");
    }
}
