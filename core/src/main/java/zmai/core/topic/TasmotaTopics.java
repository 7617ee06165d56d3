package zmai.core.topic;

import zmai.core.energy.CounterUnit;
import com.fasterxml.jackson.databind.JsonNode;
import zmai.core.Abbreviated;
import zmai.core.firmware.BuildParseResult;
import zmai.core.firmware.BuildStringParser;
import zmai.core.meter.DeviceTopic;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * Tasmota's {@code tele/<t>/<X>} and {@code stat/<t>/<X>} (spec §3), as Tasmota itself and OpenBeken with flag 30
 * publish them. The two differ in the energy registers: OpenBeken says {@code ConsumptionTotal} in Wh where Tasmota
 * says {@code Total} in kWh (spec §1.8), so the key names decide the unit.
 */
final class TasmotaTopics {

    private static final Pattern POWER_KEY = Pattern.compile("POWER([1-9]\\d?)?");
    private static final Pattern UPTIME = Pattern.compile("(\\d{1,6})T(\\d{2}):(\\d{2}):(\\d{2})");
    private static final int MAX_TIME_LENGTH = 40;
    private static final int MAX_RELAY = 32;

    // lists, not maps: the order of the messages must not depend on hashing
    private static final List<Map.Entry<String, Quantity>> QUANTITIES = List.of(
            entry("Voltage", Quantity.VOLTAGE),
            entry("Current", Quantity.CURRENT),
            entry("Power", Quantity.POWER),
            entry("ApparentPower", Quantity.APPARENT_POWER),
            entry("ReactivePower", Quantity.REACTIVE_POWER),
            entry("Factor", Quantity.POWER_FACTOR),
            entry("Frequency", Quantity.FREQUENCY));
    private static final List<Map.Entry<String, EnergyRegister>> TASMOTA_REGISTERS = List.of(
            entry("Total", EnergyRegister.TOTAL),
            entry("Today", EnergyRegister.TODAY),
            entry("Yesterday", EnergyRegister.YESTERDAY));
    private static final String OPENBEKEN_TOTAL = "ConsumptionTotal";
    private static final List<Map.Entry<String, EnergyRegister>> OPENBEKEN_REGISTERS = List.of(
            entry(OPENBEKEN_TOTAL, EnergyRegister.TOTAL),
            entry("ConsumptionLastHour", EnergyRegister.LAST_HOUR),
            entry("Yesterday", EnergyRegister.YESTERDAY));

    private TasmotaTopics() {
    }

    /** {@code levels[0]} is {@code tele} or {@code stat}. */
    static ParseResult parse(String topic, String[] levels, byte[] payload, boolean retained) throws MalformedPayload {
        if (levels.length != 3) {
            return new ParseResult.Ignored(topic, "not a Tasmota topic of three levels");
        }
        String rootProblem = DeviceTopic.problemWith(levels[1]);
        if (rootProblem != null) {
            throw new MalformedPayload(rootProblem);
        }
        DeviceTopic device = new DeviceTopic(levels[1]);
        String item = levels[2];
        List<MeterMessage> messages = levels[0].equals("tele") ? telemetry(item, payload) : status(item, payload);
        if (messages == null) {
            return new ParseResult.Ignored(topic, "Tasmota " + levels[0] + " '" + Abbreviated.of(item)
                    + "' is not meter data we track");
        }
        if (messages.isEmpty()) {
            return new ParseResult.Ignored(topic, "Tasmota " + Abbreviated.of(item) + " carries nothing we track");
        }
        return new ParseResult.Accepted(new Inbound(device, Dialect.TASMOTA, retained, messages));
    }

    /** Null for items we do not read at all. */
    private static List<MeterMessage> telemetry(String item, byte[] payload) throws MalformedPayload {
        switch (item) {
            case "LWT":
                return List.of(PayloadText.availability(PayloadText.utf8(payload), "LWT"));
            case "STATE":
                return state(object(payload));
            case "SENSOR":
                return sensor(object(payload));
            case "INFO1":
                return info1(section(object(payload), "Info1"));
            case "INFO2":
                return info2(section(object(payload), "Info2"));
            case "INFO3":
                return info3(section(object(payload), "Info3"));
            default:
                return null;
        }
    }

    private static List<MeterMessage> status(String item, byte[] payload) throws MalformedPayload {
        if (item.equals("RESULT")) {
            return relayStates(object(payload));
        }
        Matcher power = POWER_KEY.matcher(item);
        if (power.matches()) {
            return List.of(relayState(item, relayNumber(power), PayloadText.utf8(payload)));
        }
        return null;
    }

    private static List<MeterMessage> state(JsonNode state) throws MalformedPayload {
        List<MeterMessage> messages = new ArrayList<>();
        Optional<Long> uptimeSec = JsonPayload.wholeNumber(state, "UptimeSec", "UptimeSec");
        if (uptimeSec.isPresent()) {
            messages.add(new MeterMessage.Uptime(uptimeSec.get()));
        } else {
            Optional<String> uptime = JsonPayload.text(state, "Uptime", "Uptime");
            if (uptime.isPresent()) {
                messages.add(new MeterMessage.Uptime(uptimeSeconds(uptime.get())));
            }
        }
        Optional<BigDecimal> heapKb = JsonPayload.number(state, "Heap", "Heap");
        if (heapKb.isPresent()) {
            messages.add(new MeterMessage.FreeHeap(heapBytes(heapKb.get())));
        }
        JsonNode wifi = state.get("Wifi");
        if (wifi != null && wifi.isObject()) {
            // Wifi.RSSI is a quality percentage; Signal is the dBm value
            Optional<Long> signal = JsonPayload.wholeNumber(wifi, "Signal", "Wifi.Signal");
            if (signal.isPresent()) {
                messages.add(new MeterMessage.SignalStrength(
                        PayloadText.intWithin(signal.get(), -150, 0, "Wifi.Signal")));
            }
            Optional<String> ssid = JsonPayload.text(wifi, "SSId", "Wifi.SSId");
            if (ssid.isPresent()) {
                messages.add(new MeterMessage.WifiSsid(ssid.get()));
            }
        }
        messages.addAll(relayStates(state));
        return messages;
    }

    private static List<MeterMessage> sensor(JsonNode sensor) throws MalformedPayload {
        JsonNode energy = sensor.get("ENERGY");
        if (energy == null) {
            return List.of();
        }
        if (!energy.isObject()) {
            throw new MalformedPayload("ENERGY is " + energy.getNodeType() + ", expected an object");
        }
        Optional<LocalDateTime> deviceTime = deviceTime(sensor);
        List<MeterMessage> messages = new ArrayList<>();
        for (Map.Entry<String, Quantity> quantity : QUANTITIES) {
            // multi-phase meters send arrays; we measure single-phase circuits and skip them
            if (!isArray(energy, quantity.getKey())) {
                JsonPayload.number(energy, quantity.getKey(), "ENERGY." + quantity.getKey())
                        .ifPresent(v -> messages.add(new MeterMessage.Measurement(quantity.getValue(), v)));
            }
        }
        boolean openBeken = energy.has(OPENBEKEN_TOTAL);
        List<Map.Entry<String, EnergyRegister>> registers = openBeken ? OPENBEKEN_REGISTERS : TASMOTA_REGISTERS;
        Optional<CounterUnit> unit = Optional.of(openBeken ? CounterUnit.WH : CounterUnit.KWH);
        for (Map.Entry<String, EnergyRegister> register : registers) {
            String path = "ENERGY." + register.getKey();
            if (isArray(energy, register.getKey())) {
                if (register.getValue() == EnergyRegister.TOTAL) {
                    throw new MalformedPayload(path + " is an array: multi-phase totals are not supported");
                }
                continue;
            }
            JsonPayload.number(energy, register.getKey(), path).ifPresent(v -> messages.add(
                    new MeterMessage.EnergyCounterReading(register.getValue(), v, unit, deviceTime)));
        }
        return messages;
    }

    private static List<MeterMessage> info1(JsonNode info) throws MalformedPayload {
        Optional<String> version = JsonPayload.text(info, "Version", "Version");
        if (version.isEmpty()) {
            return List.of();
        }
        BuildParseResult build = BuildStringParser.parse(version.get());
        if (build instanceof BuildParseResult.Unparseable unparseable) {
            throw new MalformedPayload(unparseable.reason());
        }
        return List.of(new MeterMessage.Build(((BuildParseResult.Parsed) build).info()));
    }

    private static List<MeterMessage> info2(JsonNode info) throws MalformedPayload {
        List<MeterMessage> messages = new ArrayList<>();
        JsonPayload.text(info, "Hostname", "Hostname").ifPresent(h -> messages.add(new MeterMessage.HostName(h)));
        JsonPayload.text(info, "IPAddress", "IPAddress").ifPresent(ip -> messages.add(new MeterMessage.IpAddress(ip)));
        return messages;
    }

    private static List<MeterMessage> info3(JsonNode info) throws MalformedPayload {
        return JsonPayload.text(info, "RestartReason", "RestartReason")
                .<List<MeterMessage>>map(r -> List.of(new MeterMessage.RestartReason(r)))
                .orElse(List.of());
    }

    private static List<MeterMessage> relayStates(JsonNode json) throws MalformedPayload {
        List<MeterMessage> states = new ArrayList<>();
        for (Iterator<String> keys = json.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            Matcher power = POWER_KEY.matcher(key);
            if (power.matches()) {
                JsonNode value = json.get(key);
                if (!value.isTextual()) {
                    throw new MalformedPayload(key + " is " + value.getNodeType() + ", expected ON or OFF");
                }
                states.add(relayState(key, relayNumber(power), value.textValue()));
            }
        }
        return states;
    }

    private static MeterMessage relayState(String key, int relay, String text) throws MalformedPayload {
        String state = text.strip();
        if (state.equalsIgnoreCase("ON")) {
            return new MeterMessage.RelayState(relay, true);
        }
        if (state.equalsIgnoreCase("OFF")) {
            return new MeterMessage.RelayState(relay, false);
        }
        throw new MalformedPayload(key + " is '" + Abbreviated.of(text) + "', expected ON or OFF");
    }

    /** {@code POWER} is relay 1. */
    private static int relayNumber(Matcher power) throws MalformedPayload {
        int relay = power.group(1) == null ? 1 : Integer.parseInt(power.group(1));
        return PayloadText.intWithin(relay, 1, MAX_RELAY, "relay");
    }

    /** Newer Tasmota wraps INFO1..3 in {@code {"Info1":{...}}}. */
    private static JsonNode section(JsonNode root, String name) throws MalformedPayload {
        JsonNode nested = root.get(name);
        if (nested == null) {
            return root;
        }
        if (!nested.isObject()) {
            throw new MalformedPayload(name + " is " + nested.getNodeType() + ", expected an object");
        }
        return nested;
    }

    /** Tasmota's {@code Time} is local time; with SetOption52 it carries an offset, which we drop. */
    private static Optional<LocalDateTime> deviceTime(JsonNode json) throws MalformedPayload {
        Optional<String> time = JsonPayload.text(json, "Time", "Time");
        if (time.isEmpty()) {
            return Optional.empty();
        }
        String text = time.get();
        if (text.length() <= MAX_TIME_LENGTH) {
            try {
                return Optional.of(LocalDateTime.parse(text));
            } catch (DateTimeException local) {
                try {
                    return Optional.of(OffsetDateTime.parse(text).toLocalDateTime());
                } catch (DateTimeException withOffset) {
                    // falls through to the reason below
                }
            }
        }
        throw new MalformedPayload("Time is not an ISO date-time: '" + Abbreviated.of(text) + "'");
    }

    /** Tasmota's {@code Uptime} reads {@code <days>T<hh>:<mm>:<ss>}. */
    private static long uptimeSeconds(String text) throws MalformedPayload {
        Matcher m = UPTIME.matcher(text);
        if (!m.matches()) {
            throw new MalformedPayload("Uptime is not <days>T<hh>:<mm>:<ss>: '" + Abbreviated.of(text) + "'");
        }
        int hours = Integer.parseInt(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        int seconds = Integer.parseInt(m.group(4));
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new MalformedPayload("Uptime has an impossible time of day: '" + Abbreviated.of(text) + "'");
        }
        return Long.parseLong(m.group(1)) * 86_400 + hours * 3_600L + minutes * 60L + seconds;
    }

    /** Tasmota reports the free heap in kB. */
    private static long heapBytes(BigDecimal kilobytes) throws MalformedPayload {
        try {
            return kilobytes.multiply(BigDecimal.valueOf(1024)).toBigInteger().longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedPayload("Heap of " + kilobytes.toPlainString() + " kB is out of range");
        }
    }

    private static boolean isArray(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isArray();
    }

    private static JsonNode object(byte[] payload) throws MalformedPayload {
        return JsonPayload.object(PayloadText.utf8(payload));
    }
}
