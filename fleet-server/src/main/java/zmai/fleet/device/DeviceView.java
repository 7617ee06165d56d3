package zmai.fleet.device;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A device as {@code /api/devices} returns it. */
public record DeviceView(String id, String topic, String mac, String dialect, String name, List<String> tags,
                         String notes, boolean online, Instant firstSeen, Instant lastSeen, Firmware firmware,
                         String ip, Integer rssi, Long uptimeSeconds, Long freeHeap, BigDecimal voltage,
                         BigDecimal current, BigDecimal power, Boolean relayOn, int reboots, String conflict,
                         Energy energy) {

    public record Firmware(String build, String version, String chip) {
    }

    /**
     * How the billed energy total is read: {@code energycounter} in {@code energycounterUnit}, which is the
     * operator's ({@code unitFrom = "operator"}), the device's discovery config's ({@code "device"}) or the default
     * Wh ({@code "default"}); or, when {@code channel} is set, that channel.
     */
    public record Energy(String energycounterUnit, String unitFrom, Channel channel) {
    }

    public record Channel(int number, long divider, String unit) {
    }

    public static DeviceView of(Device d) {
        return new DeviceView(d.id, d.topic, d.mac, d.dialect, d.name, d.tags == null ? List.of() : List.of(d.tags),
                d.notes, d.online, d.firstSeen, d.lastSeen,
                d.build == null ? null : new Firmware(d.build, d.firmwareVersion, d.chip), d.ip, d.rssi,
                d.uptimeSeconds, d.freeHeap, d.voltage, d.current, d.power, d.relayOn, d.reboots, d.conflict,
                energy(d));
    }

    private static Energy energy(Device d) {
        String unitFrom = d.energycounterUnit != null ? "operator" : d.energycounterUnitDeclared != null ? "device"
                : "default";
        String unit = d.energycounterUnit != null ? d.energycounterUnit : d.energycounterUnitDeclared != null
                ? d.energycounterUnitDeclared : "Wh";
        Channel channel = d.energyChannel == null ? null
                : new Channel(d.energyChannel, d.energyChannelDivider, d.energyChannelUnit);
        return new Energy(unit, unitFrom, channel);
    }
}
