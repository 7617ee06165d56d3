package zmai.core.topic;

import zmai.core.energy.CounterUnit;
import zmai.core.Abbreviated;
import zmai.core.firmware.BuildParseResult;
import zmai.core.firmware.BuildStringParser;
import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * OpenBeken's own topics (spec §1.3-1.6): {@code <t>/connected}, info items {@code <t>/<item>}, channels
 * {@code <t>/<n>/get} and named sensors {@code <t>/<name>/get}. Flag 50 drops {@code /get}, so channels and
 * sensors are read both with and without it.
 */
final class OpenBekenTopics {

    static final String AVAILABILITY = "connected";
    static final Set<String> INFO_ITEMS =
            Set.of("host", "build", "mac", "ip", "rssi", "uptime", "freeheap", "ssid", "temp", "datetime");
    static final Map<String, Quantity> QUANTITIES = Map.of(
            "voltage", Quantity.VOLTAGE,
            "current", Quantity.CURRENT,
            "power", Quantity.POWER,
            "power_apparent", Quantity.APPARENT_POWER,
            "power_reactive", Quantity.REACTIVE_POWER,
            "power_factor", Quantity.POWER_FACTOR,
            "138", Quantity.FREQUENCY);
    static final Map<String, EnergyRegister> REGISTERS = Map.ofEntries(
            entry("energycounter", EnergyRegister.TOTAL),
            entry("energycounter_last_hour", EnergyRegister.LAST_HOUR),
            entry("energycounter_today", EnergyRegister.TODAY),
            entry("energycounter_yesterday", EnergyRegister.YESTERDAY),
            entry("energycounter_2_days_ago", EnergyRegister.TWO_DAYS_AGO),
            entry("energycounter_3_days_ago", EnergyRegister.THREE_DAYS_AGO));
    static final String CLEAR_DATE = "energycounter_clear_date";

    private static final Pattern CHANNEL = Pattern.compile("0|[1-9]\\d{0,3}");
    private static final DateTimeFormatter CLEAR_DATE_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmXXX").withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_CLEAR_DATE_LENGTH = 40;

    private OpenBekenTopics() {
    }

    /** {@code levels} has two or three entries. */
    static ParseResult parse(String topic, String[] levels, byte[] payload, boolean retained) throws MalformedPayload {
        String rootProblem = DeviceTopic.problemWith(levels[0]);
        if (rootProblem != null) {
            throw new MalformedPayload(rootProblem);
        }
        DeviceTopic device = new DeviceTopic(levels[0]);
        String name = levels[1];
        if (levels.length == 3) {
            if (levels[2].equals("set")) {
                return new ParseResult.Ignored(topic, "channel set command, not meter data");
            }
            if (!levels[2].equals("get")) {
                return new ParseResult.Ignored(topic, "unknown OpenBeken topic shape '.../"
                        + Abbreviated.of(levels[2]) + "'");
            }
            if (payload.length == 0) {
                return new ParseResult.Ignored(topic, "empty /get is a republish request, which we send ourselves");
            }
        }
        Optional<MeterMessage> message = levels.length == 2 && (name.equals(AVAILABILITY) || INFO_ITEMS.contains(name))
                ? Optional.of(infoItem(name, text(payload)))
                : valueItem(name, payload);
        return message
                .<ParseResult>map(m -> new ParseResult.Accepted(
                        new Inbound(device, Dialect.OPENBEKEN, retained, List.of(m))))
                .orElseGet(() -> new ParseResult.Ignored(topic, "unknown OpenBeken item '" + Abbreviated.of(name)
                        + "'"));
    }

    private static MeterMessage infoItem(String name, String text) throws MalformedPayload {
        switch (name) {
            case AVAILABILITY:
                return PayloadText.availability(text, "availability");
            case "host":
                return new MeterMessage.HostName(text);
            case "build":
                BuildParseResult build = BuildStringParser.parse(text);
                if (build instanceof BuildParseResult.Unparseable unparseable) {
                    throw new MalformedPayload(unparseable.reason());
                }
                return new MeterMessage.Build(((BuildParseResult.Parsed) build).info());
            case "mac":
                return new MeterMessage.MacReport(MacAddress.parse(text));
            case "ip":
                return new MeterMessage.IpAddress(text.strip());
            case "rssi":
                return new MeterMessage.SignalStrength(
                        PayloadText.intWithin(PayloadText.wholeNumber(text, "rssi"), -150, 0, "rssi"));
            case "uptime":
                return new MeterMessage.Uptime(PayloadText.wholeNumber(text, "uptime"));
            case "freeheap":
                return new MeterMessage.FreeHeap(PayloadText.wholeNumber(text, "freeheap"));
            case "ssid":
                return new MeterMessage.WifiSsid(text);
            case "temp":
                return new MeterMessage.ChipTemperature(PayloadText.decimal(text, "temp"));
            case "datetime":
                return new MeterMessage.DeviceClock(PayloadText.wholeNumber(text, "datetime"));
            default:
                throw new IllegalStateException("info item without a reader: " + name);
        }
    }

    /** Sensors and channels; empty when {@code name} is neither. */
    private static Optional<MeterMessage> valueItem(String name, byte[] payload) throws MalformedPayload {
        Quantity quantity = QUANTITIES.get(name);
        if (quantity != null) {
            return Optional.of(new MeterMessage.Measurement(quantity, PayloadText.decimal(text(payload), name)));
        }
        EnergyRegister register = REGISTERS.get(name);
        if (register != null) {
            return Optional.of(new MeterMessage.EnergyCounterReading(register,
                    PayloadText.decimal(text(payload), name), declaredUnit(register), Optional.empty()));
        }
        if (name.equals(CLEAR_DATE)) {
            return Optional.of(new MeterMessage.EnergyClearDate(clearDate(text(payload))));
        }
        if (CHANNEL.matcher(name).matches()) {
            return Optional.of(new MeterMessage.ChannelValue(Integer.parseInt(name),
                    PayloadText.decimal(text(payload), "channel " + name)));
        }
        return Optional.empty();
    }

    // spec §1.6: only the lifetime total switches to kWh with flag 40; the daily registers stay in Wh
    private static Optional<CounterUnit> declaredUnit(EnergyRegister register) {
        return register == EnergyRegister.TOTAL ? Optional.empty() : Optional.of(CounterUnit.WH);
    }

    private static OffsetDateTime clearDate(String text) throws MalformedPayload {
        String trimmed = text.strip();
        if (trimmed.length() <= MAX_CLEAR_DATE_LENGTH) {
            try {
                return OffsetDateTime.parse(trimmed, CLEAR_DATE_FORMAT);
            } catch (DateTimeException minutesOnly) {
                try {
                    return OffsetDateTime.parse(trimmed, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                } catch (DateTimeException withSeconds) {
                    // falls through to the reason below
                }
            }
        }
        throw new MalformedPayload("energy clear date is not YYYY-MM-DDTHH:MM+HH:MM: '" + Abbreviated.of(text) + "'");
    }

    private static String text(byte[] payload) throws MalformedPayload {
        String text = PayloadText.utf8(payload);
        if (text.isEmpty()) {
            throw new MalformedPayload("payload is empty");
        }
        return text;
    }
}
