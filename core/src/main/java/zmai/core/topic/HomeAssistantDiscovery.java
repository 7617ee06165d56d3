package zmai.core.topic;

import com.fasterxml.jackson.databind.JsonNode;
import zmai.core.energy.CounterUnit;
import zmai.core.meter.DeviceTopic;

import java.util.List;
import java.util.Optional;

/**
 * OpenBeken's Home Assistant discovery config of its energy sensor (spec §1.9), the one place where a meter says
 * whether its {@code energycounter} is in Wh or in kWh (flag 40). Configs are retained
 * {@code homeassistant/sensor/<unique id>/config} JSON objects with abbreviated keys: {@code "~"} is the device
 * topic, {@code stat_t} the state topic and {@code unit_of_meas} the unit. Every other config, and every other
 * Home Assistant topic, is not meter data.
 */
final class HomeAssistantDiscovery {

    /** The sensor configs under the default discovery prefix; the filter overlaps no other of ours. */
    static final String SENSOR_CONFIGS = "homeassistant/sensor/+/config";

    private static final String ENERGY_COUNTER = "energycounter";

    private HomeAssistantDiscovery() {
    }

    static ParseResult parse(String topic, String[] levels, byte[] payload, boolean retained) {
        if (levels.length != 4 || !levels[1].equals("sensor") || !levels[3].equals("config")) {
            return new ParseResult.Ignored(topic, "Home Assistant status or discovery of another component");
        }
        if (payload.length == 0) {
            return new ParseResult.Ignored(topic, "a discovery config removed");
        }
        JsonNode config;
        try {
            config = JsonPayload.object(PayloadText.utf8(payload));
        } catch (MalformedPayload e) {
            // other integrations publish here too; what we cannot read is simply not ours
            return new ParseResult.Ignored(topic, "a discovery config that is not a JSON object");
        }
        Optional<String> stateTopic = text(config, "stat_t", "state_topic").map(t -> expandBase(t, config));
        Optional<DeviceTopic> device = stateTopic.flatMap(HomeAssistantDiscovery::energyCounterDevice);
        Optional<CounterUnit> unit = text(config, "unit_of_meas", "unit_of_measurement")
                .flatMap(HomeAssistantDiscovery::unit);
        if (device.isEmpty() || unit.isEmpty()) {
            return new ParseResult.Ignored(topic, "discovery of a sensor other than an energycounter in Wh or kWh");
        }
        return new ParseResult.Accepted(new Inbound(device.get(), Dialect.OPENBEKEN, retained,
                List.of(new MeterMessage.EnergyCounterUnit(unit.get()))));
    }

    /** The value of the abbreviated or the full key, if it is text. */
    private static Optional<String> text(JsonNode config, String abbreviated, String full) {
        JsonNode node = config.has(abbreviated) ? config.get(abbreviated) : config.get(full);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    // Home Assistant replaces a "~" at the start or end of a topic with the base topic
    private static String expandBase(String topic, JsonNode config) {
        JsonNode base = config.get("~");
        if (base == null || !base.isTextual()) {
            return topic;
        }
        if (topic.startsWith("~")) {
            return base.textValue() + topic.substring(1);
        }
        return topic.endsWith("~") ? topic.substring(0, topic.length() - 1) + base.textValue() : topic;
    }

    /** {@code <t>/energycounter/get}, or {@code <t>/energycounter} with flag 50. */
    private static Optional<DeviceTopic> energyCounterDevice(String stateTopic) {
        String[] levels = stateTopic.split("/", -1);
        boolean shape = levels.length == 2 && levels[1].equals(ENERGY_COUNTER)
                || levels.length == 3 && levels[1].equals(ENERGY_COUNTER) && levels[2].equals("get");
        // a "~" left over had no base topic to stand for
        if (!shape || levels[0].equals("~") || DeviceTopic.problemWith(levels[0]) != null) {
            return Optional.empty();
        }
        return Optional.of(new DeviceTopic(levels[0]));
    }

    private static Optional<CounterUnit> unit(String symbol) {
        return switch (symbol.strip()) {
            case "Wh" -> Optional.of(CounterUnit.WH);
            case "kWh" -> Optional.of(CounterUnit.KWH);
            default -> Optional.empty();
        };
    }
}
