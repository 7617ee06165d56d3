package zmai.core.topic;

import org.junit.jupiter.api.Test;
import zmai.core.energy.CounterUnit;
import zmai.core.meter.DeviceTopic;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.core.topic.Parsed.accepted;
import static zmai.core.topic.Parsed.ignored;

/** OpenBeken's discovery config of its energy sensor (spec §1.9) tells the unit of {@code energycounter}. */
class HomeAssistantDiscoveryTest {

    private static final String TOPIC = "homeassistant/sensor/OpenBK7231N_8C112233_sensor_3/config";

    private static String config(String stateTopic, String unit) {
        return "{\"~\":\"obk8C112233\",\"name\":\"energy\",\"stat_t\":\"" + stateTopic + "\","
                + "\"avty_t\":\"~/connected\",\"uniq_id\":\"OpenBK7231N_8C112233_sensor_3\",\"qos\":1,"
                + "\"dev_cla\":\"energy\",\"stat_cla\":\"total_increasing\",\"unit_of_meas\":\"" + unit + "\"}";
    }

    @Test
    void flag40DeclaresKilowattHoursForTheDeviceOfTheBaseTopic() {
        Inbound inbound = accepted(TOPIC, config("~/energycounter/get", "kWh"));
        assertThat(inbound.device()).isEqualTo(new DeviceTopic("obk8C112233"));
        assertThat(inbound.dialect()).isEqualTo(Dialect.OPENBEKEN);
        assertThat(inbound.messages()).containsExactly(new MeterMessage.EnergyCounterUnit(CounterUnit.KWH));
    }

    @Test
    void wattHoursWithFlag50AndWithFullKeysAndNoBaseTopic() {
        assertThat(accepted(TOPIC, config("~/energycounter", "Wh")).messages())
                .containsExactly(new MeterMessage.EnergyCounterUnit(CounterUnit.WH));
        Inbound full = accepted(TOPIC, "{\"state_topic\":\"kitchen/energycounter/get\","
                + "\"unit_of_measurement\":\"kWh\"}");
        assertThat(full.device()).isEqualTo(new DeviceTopic("kitchen"));
        assertThat(full.messages()).containsExactly(new MeterMessage.EnergyCounterUnit(CounterUnit.KWH));
    }

    @Test
    void theRetainedConfigIsAFactAboutTheDeviceNotASample() {
        ParseResult result = TopicParser.parse(TOPIC,
                config("~/energycounter/get", "kWh").getBytes(StandardCharsets.UTF_8), true);
        assertThat(((ParseResult.Accepted) result).inbound().retained()).isTrue();
    }

    @Test
    void otherSensorsDailyCountersAndOtherUnitsAreNotMeterData() {
        assertThat(ignored(TOPIC, config("~/power/get", "W"))).contains("other than an energycounter");
        assertThat(ignored(TOPIC, config("~/energycounter_today/get", "Wh"))).contains("other than");
        assertThat(ignored(TOPIC, config("~/energycounter/get", "MWh"))).contains("other than");
        assertThat(ignored(TOPIC, config("a/b/energycounter/get", "kWh"))).contains("other than");
        assertThat(ignored(TOPIC, "{\"stat_t\":\"~/energycounter/get\",\"unit_of_meas\":\"kWh\"}"))
                .as("no base topic to expand").contains("other than");
    }

    @Test
    void removedUnreadableAndForeignConfigsAreIgnored() {
        assertThat(ignored(TOPIC, "")).contains("removed");
        assertThat(ignored(TOPIC, "not json")).contains("not a JSON object");
        assertThat(ignored("homeassistant/switch/x/config", config("~/energycounter/get", "kWh")))
                .contains("another component");
        assertThat(ignored("homeassistant/status", "online")).contains("Home Assistant");
    }

    @Test
    void theServerSubscribesToSensorConfigs() {
        assertThat(SubscriptionFilters.openBeken()).contains("homeassistant/sensor/+/config");
    }
}
