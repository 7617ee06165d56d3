package zmai.fleet.tracking;

import zmai.core.energy.CounterUnit;

import java.math.BigDecimal;
import java.time.Instant;

/** The tracker's working copy of one device; only {@link DeviceTracker} touches it, under its lock. */
final class TrackedDevice {
    String id;
    String topic;
    String mac;
    String dialect;
    Instant firstSeen;
    Instant lastSeen;
    boolean online;
    String build;
    String firmwareVersion;
    String chip;
    String ip;
    Integer rssi;
    Long uptimeSeconds;
    Long freeHeap;
    BigDecimal voltage;
    BigDecimal current;
    BigDecimal power;
    Boolean relayOn;
    int reboots;
    String conflict;
    /** Counts the reboots and reconnections seen, as a boot counter for the accountant. */
    long bootMarker;
    Instant energyClearedAt;
    /** The clear date changed: the next total is the counter after a reset. */
    boolean resetPending;
    /** The unit of energycounter the device's Home Assistant discovery declares. */
    CounterUnit declaredUnit;
    /** How the last energy_total sample was read; null before the first one was read with any settings. */
    String totalBasis;
    EnergySettings energy = EnergySettings.NONE;
    /** Changed since the last write. */
    boolean dirty;

    TrackingChanges.DeviceState state() {
        return new TrackingChanges.DeviceState(id, topic, mac, dialect, firstSeen, lastSeen, online, build,
                firmwareVersion, chip, ip, rssi, uptimeSeconds, freeHeap, voltage, current, power, relayOn, reboots,
                conflict, bootMarker, energyClearedAt, declaredUnit, totalBasis, energy);
    }

    static TrackedDevice of(TrackingChanges.DeviceState s) {
        TrackedDevice d = new TrackedDevice();
        d.id = s.id();
        d.topic = s.topic();
        d.mac = s.mac();
        d.dialect = s.dialect();
        d.firstSeen = s.firstSeen();
        d.lastSeen = s.lastSeen();
        d.online = s.online();
        d.build = s.build();
        d.firmwareVersion = s.firmwareVersion();
        d.chip = s.chip();
        d.ip = s.ip();
        d.rssi = s.rssi();
        d.uptimeSeconds = s.uptimeSeconds();
        d.freeHeap = s.freeHeap();
        d.voltage = s.voltage();
        d.current = s.current();
        d.power = s.power();
        d.relayOn = s.relayOn();
        d.reboots = s.reboots();
        d.conflict = s.conflict();
        d.bootMarker = s.bootMarker();
        d.energyClearedAt = s.energyClearedAt();
        d.declaredUnit = s.declaredUnit();
        d.totalBasis = s.totalBasis();
        d.energy = s.energy() == null ? EnergySettings.NONE : s.energy();
        return d;
    }
}
