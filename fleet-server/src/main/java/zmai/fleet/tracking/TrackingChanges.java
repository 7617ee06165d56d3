package zmai.fleet.tracking;

import zmai.core.energy.CounterUnit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the tracker learnt since the last write, in the order it must be applied: provisional ids re-keyed to
 * MAC ids, devices (latest state) upserted, provisional devices merged into the device they turned out to be,
 * then events and energy samples appended.
 */
public record TrackingChanges(List<Rekey> rekeys, List<DeviceState> devices, List<Merge> merges,
                              List<Event> events, List<EnergySample> samples) {

    public TrackingChanges {
        rekeys = List.copyOf(rekeys);
        devices = List.copyOf(devices);
        merges = List.copyOf(merges);
        events = List.copyOf(events);
        samples = List.copyOf(samples);
    }

    public boolean isEmpty() {
        return rekeys.isEmpty() && devices.isEmpty() && merges.isEmpty() && events.isEmpty() && samples.isEmpty();
    }

    /** Every device whose row this writes: upserted, re-keyed (both ids) or merged (both ids). */
    public Set<String> deviceIds() {
        Set<String> ids = new HashSet<>();
        devices.forEach(d -> ids.add(d.id()));
        rekeys.forEach(r -> {
            ids.add(r.fromId());
            ids.add(r.toId());
        });
        merges.forEach(m -> {
            ids.add(m.fromId());
            ids.add(m.intoId());
        });
        return ids;
    }

    public int size() {
        return rekeys.size() + devices.size() + merges.size() + events.size() + samples.size();
    }

    /** A provisional {@code topic:<t>} device learnt its MAC. */
    public record Rekey(String fromId, String toId) {
    }

    /** A provisional device turned out to be a known one under a new topic. */
    public record Merge(String fromId, String intoId) {
    }

    public record Event(String deviceId, Instant at, DeviceEventKind kind, String detail) {
        public Event {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * An energy-counter value as received, converted exactly to mWh.
     *
     * @param register    {@code energy_total} for the lifetime counter, {@code energy_today} and so on for the rest
     * @param bootMarker  changes whenever the device rebooted or reconnected: the accountant's boot counter
     * @param reset       the first total after the meter reported a new clear date: a proven reset
     */
    public record EnergySample(String deviceId, Instant receivedAt, String register, CounterUnit unit,
                               long valueMwh, long bootMarker, boolean reset) {
    }

    /**
     * The tracked columns of one device, as they stand now.
     *
     * @param declaredUnit the unit of {@code energycounter} the device's Home Assistant discovery declares, if seen
     * @param totalBasis   how the last {@code energy_total} sample was read ({@link EnergySettings#basis})
     * @param energy       the operator's settings, read when the tracker starts; the API owns them, so writing the
     *                     state back never touches them
     */
    public record DeviceState(String id, String topic, String mac, String dialect, Instant firstSeen,
                              Instant lastSeen, boolean online, String build, String firmwareVersion, String chip,
                              String ip, Integer rssi, Long uptimeSeconds, Long freeHeap, BigDecimal voltage,
                              BigDecimal current, BigDecimal power, Boolean relayOn, int reboots, String conflict,
                              long bootMarker, Instant energyClearedAt, CounterUnit declaredUnit, String totalBasis,
                              EnergySettings energy) {
    }
}
