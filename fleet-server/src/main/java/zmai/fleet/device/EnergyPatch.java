package zmai.fleet.device;

import com.fasterxml.jackson.databind.JsonNode;
import zmai.core.energy.ChannelRegister;
import zmai.core.energy.CounterUnit;
import zmai.fleet.tracking.EnergySettings;

import java.util.List;
import java.util.Optional;

/**
 * The {@code energy} member of a device merge patch: {@code energycounterUnit} ({@code "Wh"}, {@code "kWh"}, or
 * null to leave it to the device) and {@code channel} ({@code {"number": 3, "divider": 10, "unit": "kWh"}},
 * replaced as a whole, or null for none). An absent member is left alone.
 */
record EnergyPatch(Optional<Optional<CounterUnit>> energycounterUnit, Optional<Optional<ChannelRegister>> channel) {

    private static final List<String> FIELDS = List.of("energycounterUnit", "channel");
    private static final List<String> CHANNEL_FIELDS = List.of("number", "divider", "unit");

    static EnergyPatch parse(JsonNode energy) {
        if (energy == null || !energy.isObject()) {
            throw new IllegalArgumentException("'energy' must be an object with energycounterUnit and/or channel");
        }
        energy.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("'energy." + field + "' is unknown; only energycounterUnit and"
                        + " channel");
            }
        });
        return new EnergyPatch(member(energy, "energycounterUnit").map(n -> n.map(EnergyPatch::energycounterUnit)),
                member(energy, "channel").map(n -> n.map(EnergyPatch::channel)));
    }

    EnergySettings applyTo(EnergySettings current) {
        return new EnergySettings(energycounterUnit.orElse(current.energycounterUnit()),
                channel.orElse(current.channel()));
    }

    /** Absent: empty; JSON null: an empty inside. */
    private static Optional<Optional<JsonNode>> member(JsonNode parent, String field) {
        if (!parent.has(field)) {
            return Optional.empty();
        }
        JsonNode value = parent.get(field);
        return Optional.of(value.isNull() ? Optional.empty() : Optional.of(value));
    }

    private static CounterUnit energycounterUnit(JsonNode value) {
        CounterUnit unit = value.isTextual() ? CounterUnit.fromSymbol(value.textValue()).orElse(null) : null;
        if (unit != CounterUnit.WH && unit != CounterUnit.KWH) {
            throw new IllegalArgumentException("'energy.energycounterUnit' must be \"Wh\", \"kWh\" (OpenBeken flag 40)"
                    + " or null, not " + value);
        }
        return unit;
    }

    private static ChannelRegister channel(JsonNode value) {
        if (!value.isObject()) {
            throw new IllegalArgumentException("'energy.channel' must be an object like {\"number\": 3, \"divider\":"
                    + " 10, \"unit\": \"kWh\"}, or null");
        }
        value.fieldNames().forEachRemaining(field -> {
            if (!CHANNEL_FIELDS.contains(field)) {
                throw new IllegalArgumentException("'energy.channel." + field + "' is unknown; only number, divider"
                        + " and unit");
            }
        });
        JsonNode number = value.get("number");
        JsonNode divider = value.get("divider");
        JsonNode unit = value.get("unit");
        if (number == null || !number.canConvertToInt() || !number.isIntegralNumber()) {
            throw new IllegalArgumentException("'energy.channel.number' must be a channel number, 0.."
                    + ChannelRegister.MAX_CHANNEL);
        }
        if (divider != null && !divider.isNull() && (!divider.isIntegralNumber() || !divider.canConvertToLong())) {
            throw new IllegalArgumentException("'energy.channel.divider' must be a whole number such as 1, 10 or 100");
        }
        CounterUnit counterUnit = unit != null && unit.isTextual()
                ? CounterUnit.fromSymbol(unit.textValue()).orElse(null) : null;
        if (counterUnit == null) {
            throw new IllegalArgumentException("'energy.channel.unit' must be \"Wh\", \"kWh\" or \"0.1kWh\", not "
                    + unit);
        }
        long dividerValue = divider == null || divider.isNull() ? 1 : divider.longValue();
        try {
            return new ChannelRegister(number.intValue(), dividerValue, counterUnit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'energy.channel': " + e.getMessage(), e);
        }
    }
}
