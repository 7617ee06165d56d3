package zmai.core.topic;

import zmai.core.energy.CounterUnit;
import zmai.core.Abbreviated;
import zmai.core.firmware.BuildInfo;
import zmai.core.meter.MacAddress;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One fact a meter published, independent of topic and dialect. The device it came from is in {@link Inbound}.
 */
public sealed interface MeterMessage {

    int MAX_TEXT_LENGTH = 64;

    record Availability(boolean online) implements MeterMessage {
    }

    record HostName(String name) implements MeterMessage {
        public HostName {
            requireShortText(name, "host name");
        }
    }

    record Build(BuildInfo info) implements MeterMessage {
        public Build {
            Objects.requireNonNull(info, "info");
        }
    }

    record MacReport(MacAddress mac) implements MeterMessage {
        public MacReport {
            Objects.requireNonNull(mac, "mac");
        }
    }

    /** A dotted IPv4 address; octets without leading zeros, which some parsers would read as octal. */
    record IpAddress(String dotted) implements MeterMessage {
        private static final Pattern OCTET = Pattern.compile("25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d");
        private static final Pattern IPV4 = Pattern.compile("(?:(?:" + OCTET + ")\\.){3}(?:" + OCTET + ")");

        public IpAddress {
            if (dotted == null || dotted.length() > 15 || !IPV4.matcher(dotted).matches()) {
                throw new IllegalArgumentException("not a dotted IPv4 address: '" + Abbreviated.of(dotted) + "'");
            }
        }
    }

    record SignalStrength(int dBm) implements MeterMessage {
        public SignalStrength {
            if (dBm < -150 || dBm > 0) {
                throw new IllegalArgumentException("Wi-Fi signal of " + dBm + " dBm is outside -150..0");
            }
        }
    }

    record Uptime(long seconds) implements MeterMessage {
        public Uptime {
            requireNotNegative(seconds, "uptime");
        }
    }

    record FreeHeap(long bytes) implements MeterMessage {
        public FreeHeap {
            requireNotNegative(bytes, "free heap");
        }
    }

    record WifiSsid(String ssid) implements MeterMessage {
        public WifiSsid {
            requireShortText(ssid, "SSID");
        }
    }

    record ChipTemperature(BigDecimal celsius) implements MeterMessage {
        public ChipTemperature {
            Objects.requireNonNull(celsius, "celsius");
        }
    }

    /** The device's clock as Unix seconds; meaningless unless the device runs NTP. */
    record DeviceClock(long epochSeconds) implements MeterMessage {
        public DeviceClock {
            requireNotNegative(epochSeconds, "device clock");
        }
    }

    /** A raw OpenBeken channel; what it means (relay, scaled energy register) is device configuration. */
    record ChannelValue(int channel, BigDecimal value) implements MeterMessage {
        public ChannelValue {
            requireNotNegative(channel, "channel");
            Objects.requireNonNull(value, "value");
        }
    }

    record Measurement(Quantity quantity, BigDecimal value) implements MeterMessage {
        public Measurement {
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * @param declaredUnit empty when the payload does not say: OpenBeken's {@code energycounter} is Wh, or kWh
     *                     with flag 40, and only the device's configuration knows which
     * @param deviceTime   the device's local time of the reading, when the payload carries one
     */
    record EnergyCounterReading(EnergyRegister register, BigDecimal value, Optional<CounterUnit> declaredUnit,
                                Optional<LocalDateTime> deviceTime) implements MeterMessage {
        public EnergyCounterReading {
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(declaredUnit, "declaredUnit");
            Objects.requireNonNull(deviceTime, "deviceTime");
        }
    }

    /**
     * The unit of the device's {@code energycounter}, as its Home Assistant discovery config declares it: Wh, or
     * kWh when flag 40 is set.
     */
    record EnergyCounterUnit(CounterUnit unit) implements MeterMessage {
        public EnergyCounterUnit {
            if (unit != CounterUnit.WH && unit != CounterUnit.KWH) {
                throw new IllegalArgumentException("OpenBeken's energycounter is in Wh or kWh, not " + unit);
            }
        }
    }

    /** When the energy counter was last reset: our only explicit sign of a real reset (spec §1.7). */
    record EnergyClearDate(OffsetDateTime clearedAt) implements MeterMessage {
        public EnergyClearDate {
            Objects.requireNonNull(clearedAt, "clearedAt");
        }
    }

    /** Tasmota {@code POWER} is relay 1; {@code POWERn} is relay n. */
    record RelayState(int channel, boolean on) implements MeterMessage {
        public RelayState {
            if (channel < 1) {
                throw new IllegalArgumentException("relays are numbered from 1, not " + channel);
            }
        }
    }

    record RestartReason(String reason) implements MeterMessage {
        public RestartReason {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank() || reason.length() > 2 * MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException("restart reason is empty or too long: '"
                        + Abbreviated.of(reason) + "'");
            }
        }
    }

    private static void requireShortText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (text.length() > MAX_TEXT_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " is too long or contains control characters: '"
                    + Abbreviated.of(text) + "'");
        }
    }

    private static void requireNotNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " cannot be negative: " + value);
        }
    }
}
