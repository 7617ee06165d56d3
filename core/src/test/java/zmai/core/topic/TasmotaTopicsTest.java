package zmai.core.topic;

import zmai.core.energy.CounterUnit;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.FirmwareProduct;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;
import zmai.core.meter.DeviceTopic;
import zmai.core.topic.MeterMessage.Availability;
import zmai.core.topic.MeterMessage.Build;
import zmai.core.topic.MeterMessage.EnergyCounterReading;
import zmai.core.topic.MeterMessage.FreeHeap;
import zmai.core.topic.MeterMessage.HostName;
import zmai.core.topic.MeterMessage.IpAddress;
import zmai.core.topic.MeterMessage.Measurement;
import zmai.core.topic.MeterMessage.RelayState;
import zmai.core.topic.MeterMessage.RestartReason;
import zmai.core.topic.MeterMessage.SignalStrength;
import zmai.core.topic.MeterMessage.Uptime;
import zmai.core.topic.MeterMessage.WifiSsid;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.core.topic.Parsed.accepted;
import static zmai.core.topic.Parsed.ignored;
import static zmai.core.topic.Parsed.single;

/** Every topic shape of spec §3 and the OpenBeken flag-30 variants of §1.8. */
class TasmotaTopicsTest {

    private static final Optional<CounterUnit> KWH = Optional.of(CounterUnit.KWH);
    private static final Optional<CounterUnit> WH = Optional.of(CounterUnit.WH);

    @Test
    void lwtOnline() {
        Inbound inbound = accepted("tele/tasmota_1A2B3C/LWT", "Online");
        assertThat(inbound.device()).isEqualTo(new DeviceTopic("tasmota_1A2B3C"));
        assertThat(inbound.dialect()).isEqualTo(Dialect.TASMOTA);
        assertThat(inbound.messages()).containsExactly(new Availability(true));
    }

    @Test
    void lwtOfflineRetained() {
        ParseResult result = TopicParser.parse("tele/tasmota_1A2B3C/LWT",
                "Offline".getBytes(StandardCharsets.UTF_8), true);
        Inbound inbound = ((ParseResult.Accepted) result).inbound();
        assertThat(inbound.retained()).isTrue();
        assertThat(inbound.messages()).containsExactly(new Availability(false));
    }

    @Test
    void stateGivesUptimeHeapSignalSsidAndRelay() {
        Inbound inbound = accepted("tele/tasmota_1A2B3C/STATE", """
                {"Time":"2024-03-01T10:00:00","Uptime":"0T01:00:05","UptimeSec":3605,"Heap":25,"SleepMode":"Dynamic",
                 "Sleep":50,"LoadAvg":19,"MqttCount":1,"POWER":"ON",
                 "Wifi":{"AP":1,"SSId":"Home WiFi","BSSId":"AA:BB:CC:DD:EE:FF","Channel":6,"Mode":"11n",
                         "RSSI":62,"Signal":-69,"LinkCount":1,"Downtime":"0T00:00:03"}}""");
        assertThat(inbound.messages()).containsExactly(
                new Uptime(3605),
                new FreeHeap(25 * 1024),        // Heap is in kB
                new SignalStrength(-69),        // Signal in dBm, not the RSSI percentage
                new WifiSsid("Home WiFi"),
                new RelayState(1, true));
    }

    @Test
    void stateWithoutUptimeSecReadsUptimeText() {
        Inbound inbound = accepted("tele/obk8C112233/STATE", "{\"Uptime\":\"2T03:04:05\",\"POWER1\":\"OFF\"}");
        assertThat(inbound.messages()).containsExactly(new Uptime(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5),
                new RelayState(1, false));
    }

    @Test
    void tasmotaSensorInKilowattHours() {
        Inbound inbound = accepted("tele/tasmota_1A2B3C/SENSOR", """
                {"Time":"2024-03-01T10:00:00","ENERGY":{"TotalStartTime":"2023-01-01T00:00:00","Total":123.456,
                 "Yesterday":1.2,"Today":0.5,"Power":60,"Voltage":230,"Current":0.261,"Factor":0.99}}""");
        Optional<LocalDateTime> time = Optional.of(LocalDateTime.of(2024, 3, 1, 10, 0));
        assertThat(inbound.messages()).containsExactly(
                new Measurement(Quantity.VOLTAGE, new BigDecimal("230")),
                new Measurement(Quantity.CURRENT, new BigDecimal("0.261")),
                new Measurement(Quantity.POWER, new BigDecimal("60")),
                new Measurement(Quantity.POWER_FACTOR, new BigDecimal("0.99")),
                new EnergyCounterReading(EnergyRegister.TOTAL, new BigDecimal("123.456"), KWH, time),
                new EnergyCounterReading(EnergyRegister.TODAY, new BigDecimal("0.5"), KWH, time),
                new EnergyCounterReading(EnergyRegister.YESTERDAY, new BigDecimal("1.2"), KWH, time));
    }

    @Test
    void openBekenFlavourOfSensorIsInWattHours() {   // spec §1.8: detected by the ConsumptionTotal key
        Inbound inbound = accepted("tele/obk8C112233/SENSOR", """
                {"ENERGY":{"Power":8.24,"ApparentPower":16.1,"ReactivePower":13.9,"Factor":0.51,"Voltage":219.4,
                 "Current":0.074,"ConsumptionTotal":1234.567,"Yesterday":450.1,"ConsumptionLastHour":12.3}}""");
        assertThat(inbound.messages()).containsExactly(
                new Measurement(Quantity.VOLTAGE, new BigDecimal("219.4")),
                new Measurement(Quantity.CURRENT, new BigDecimal("0.074")),
                new Measurement(Quantity.POWER, new BigDecimal("8.24")),
                new Measurement(Quantity.APPARENT_POWER, new BigDecimal("16.1")),
                new Measurement(Quantity.REACTIVE_POWER, new BigDecimal("13.9")),
                new Measurement(Quantity.POWER_FACTOR, new BigDecimal("0.51")),
                new EnergyCounterReading(EnergyRegister.TOTAL, new BigDecimal("1234.567"), WH, Optional.empty()),
                new EnergyCounterReading(EnergyRegister.LAST_HOUR, new BigDecimal("12.3"), WH, Optional.empty()),
                new EnergyCounterReading(EnergyRegister.YESTERDAY, new BigDecimal("450.1"), WH, Optional.empty()));
    }

    @Test
    void sensorKeepsTrailingZerosAndExpandsExponents() {
        Inbound inbound = accepted("tele/t1/SENSOR", "{\"ENERGY\":{\"Voltage\":230.0,\"Power\":1.2e3}}");
        assertThat(inbound.messages()).containsExactly(
                new Measurement(Quantity.VOLTAGE, new BigDecimal("230.0")),
                new Measurement(Quantity.POWER, new BigDecimal("1200")));
    }

    @Test
    void sensorTimeWithOffsetKeepsLocalTime() {   // SetOption52
        EnergyCounterReading reading = (EnergyCounterReading) single("tele/t1/SENSOR",
                "{\"Time\":\"2024-03-01T10:00:00+01:00\",\"ENERGY\":{\"Total\":1.5}}");
        assertThat(reading.deviceTime()).contains(LocalDateTime.of(2024, 3, 1, 10, 0));
    }

    @Test
    void multiPhaseArraysOfMeasurementsAreSkipped() {
        Inbound inbound = accepted("tele/t1/SENSOR",
                "{\"ENERGY\":{\"Total\":3.5,\"Power\":[10,20,30],\"Voltage\":[230,231,229],\"Today\":[1,2,3]}}");
        assertThat(inbound.messages()).containsExactly(
                new EnergyCounterReading(EnergyRegister.TOTAL, new BigDecimal("3.5"), KWH, Optional.empty()));
    }

    @Test
    void sensorWithoutEnergyIsIgnored() {
        assertThat(ignored("tele/t1/SENSOR", "{\"Time\":\"2024-03-01T10:00:00\",\"DS18B20\":{\"Temperature\":21}}"))
                .contains("carries nothing we track");
    }

    @Test
    void info1Version() {
        Build build = (Build) single("tele/tasmota_1A2B3C/INFO1",
                "{\"Module\":\"Sonoff Pow R2\",\"Version\":\"9.0.0.2(sonoff)\",\"FallbackTopic\":\"cmnd/DVES_1A2B3C_fb/\","
                        + "\"GroupTopic\":\"cmnd/tasmotas/\"}");
        assertThat(build.info().product()).isEqualTo(FirmwareProduct.TASMOTA);
        assertThat(build.info().version()).isEqualTo(FirmwareVersion.parse("9.0.0.2(sonoff)"));
    }

    @Test
    void info1NestedInNewerTasmota() {
        Build build = (Build) single("tele/tasmota_1A2B3C/INFO1",
                "{\"Info1\":{\"Module\":\"Generic\",\"Version\":\"14.3.0(tasmota)\",\"FallbackTopic\":\"cmnd/x_fb/\"}}");
        assertThat(build.info().version()).isEqualTo(FirmwareVersion.parse("14.3.0(tasmota)"));
    }

    @Test
    void info1FromOpenBekenNamesTheChip() {
        Build build = (Build) single("tele/obk8C112233/INFO1", "{\"Version\":\"OpenBK7231N_1.18.288\"}");
        assertThat(build.info().product()).isEqualTo(FirmwareProduct.OPENBEKEN);
        assertThat(build.info().chip()).contains(ChipFamily.BK7231N);
    }

    @Test
    void info2HostnameAndIp() {
        assertThat(accepted("tele/tasmota_1A2B3C/INFO2",
                "{\"WebServerMode\":\"Admin\",\"Hostname\":\"tasmota-1A2B3C-2876\",\"IPAddress\":\"192.168.1.50\"}")
                .messages()).containsExactly(new HostName("tasmota-1A2B3C-2876"), new IpAddress("192.168.1.50"));
        assertThat(accepted("tele/t1/INFO2", "{\"Info2\":{\"Hostname\":\"t1\",\"IPAddress\":\"10.0.0.2\"}}")
                .messages()).containsExactly(new HostName("t1"), new IpAddress("10.0.0.2"));
    }

    @Test
    void info3RestartReason() {
        assertThat(single("tele/tasmota_1A2B3C/INFO3", "{\"RestartReason\":\"Blocked Loop\"}"))
                .isEqualTo(new RestartReason("Blocked Loop"));
        assertThat(single("tele/t1/INFO3", "{\"Info3\":{\"RestartReason\":\"Software/System restart\",\"BootCount\":3}}"))
                .isEqualTo(new RestartReason("Software/System restart"));
    }

    @Test
    void statPower() {
        assertThat(single("stat/tasmota_1A2B3C/POWER", "ON")).isEqualTo(new RelayState(1, true));
        assertThat(single("stat/tasmota_1A2B3C/POWER1", "OFF")).isEqualTo(new RelayState(1, false));
        assertThat(single("stat/tasmota_1A2B3C/POWER2", "ON")).isEqualTo(new RelayState(2, true));
    }

    @Test
    void statResultWithPower() {
        assertThat(accepted("stat/tasmota_1A2B3C/RESULT", "{\"POWER1\":\"ON\",\"POWER2\":\"OFF\"}").messages())
                .containsExactly(new RelayState(1, true), new RelayState(2, false));
    }

    @Test
    void statResultWithoutPowerIsIgnored() {
        assertThat(ignored("stat/tasmota_1A2B3C/RESULT", "{\"Upgrade\":\"Version 14.3.0 from http://x/fw.bin\"}"))
                .contains("carries nothing we track");
    }

    @Test
    void otherTeleAndStatItemsAreIgnored() {
        assertThat(ignored("tele/t1/MARGINS", "{}")).contains("not meter data we track");
        assertThat(ignored("stat/t1/STATUS8", "{}")).contains("not meter data we track");
    }

    @Test
    void tasmotaTopicOfOtherLengthIsIgnored() {
        assertThat(ignored("tele/room/t1/SENSOR", "{}")).contains("three levels");
    }

    @Test
    void ourOwnCommandsAreIgnored() {
        assertThat(ignored("cmnd/obk8C112233/POWER", "ON")).contains("command");
        assertThat(ignored("cmnd/tasmotas/Upgrade", "1")).contains("command");
    }

    @Test
    void discoveryIsIgnored() {   // except OpenBeken's energycounter config: HomeAssistantDiscoveryTest
        assertThat(ignored("homeassistant/sensor/OpenBK7231N_8C112233_sensor_3/config", "{\"stat_t\":\"~/x\"}"))
                .contains("other than an energycounter");
        assertThat(ignored("homeassistant/status", "online")).contains("Home Assistant");
        assertThat(ignored("tasmota/discovery/AABBCCDDEEFF/config", "{}")).contains("Tasmota discovery");
    }
}
