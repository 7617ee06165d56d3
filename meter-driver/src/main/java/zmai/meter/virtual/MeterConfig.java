package zmai.meter.virtual;

import zmai.core.meter.DeviceTopic;
import zmai.core.meter.MacAddress;

import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * How one virtual meter is set up.
 *
 * @param ntp            false for a meter without a clock source: device time counts from 1970 at boot and the
 *                       daily registers are never published
 * @param initialFlags   flags switched on at first boot, on top of OpenBeken's defaults
 * @param initialEnergyMilliWh the counter in flash when the simulation starts
 * @param seed           noise of voltage, RSSI and heap
 * @param ota            how OTA downloads behave on the wire and which fault they suffer
 */
public record MeterConfig(MacAddress mac, DeviceTopic topic, FirmwareBuild build, LoadProfile load, String ip,
                          String ssid, boolean ntp, ZoneOffset utcOffset, Set<Integer> initialFlags,
                          long initialEnergyMilliWh, long seed, OtaBehaviour ota) {

    public MeterConfig {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(ssid, "ssid");
        Objects.requireNonNull(utcOffset, "utcOffset");
        Objects.requireNonNull(ota, "ota");
        initialFlags = Set.copyOf(initialFlags);
    }

    /** A meter with OpenBeken's default topic for {@code mac}, NTP on, UTC, and an IP derived from the MAC. */
    public static MeterConfig defaults(MacAddress mac, FirmwareBuild build, LoadProfile load, long seed) {
        byte[] b = mac.toBytes();
        String ip = "10." + (b[3] & 0xFF) + "." + (b[4] & 0xFF) + "." + Math.max(1, b[5] & 0xFF);
        return new MeterConfig(mac, DeviceTopic.defaultFor(mac), build, load, ip, "zmai-fleet", true, ZoneOffset.UTC,
                Set.of(), 0, seed, OtaBehaviour.DEFAULT);
    }

    public MeterConfig withTopic(DeviceTopic newTopic) {
        return new MeterConfig(mac, newTopic, build, load, ip, ssid, ntp, utcOffset, initialFlags,
                initialEnergyMilliWh, seed, ota);
    }

    public MeterConfig withFlags(Set<Integer> flags) {
        return new MeterConfig(mac, topic, build, load, ip, ssid, ntp, utcOffset, flags, initialEnergyMilliWh, seed,
                ota);
    }

    public MeterConfig withNtp(boolean on) {
        return new MeterConfig(mac, topic, build, load, ip, ssid, on, utcOffset, initialFlags, initialEnergyMilliWh,
                seed, ota);
    }

    public MeterConfig withInitialEnergy(long milliWh) {
        return new MeterConfig(mac, topic, build, load, ip, ssid, ntp, utcOffset, initialFlags, milliWh, seed,
                ota);
    }

    public MeterConfig withBuild(FirmwareBuild newBuild) {
        return new MeterConfig(mac, topic, newBuild, load, ip, ssid, ntp, utcOffset, initialFlags, initialEnergyMilliWh,
                seed, ota);
    }

    public MeterConfig withOta(OtaBehaviour newOta) {
        return new MeterConfig(mac, topic, build, load, ip, ssid, ntp, utcOffset, initialFlags, initialEnergyMilliWh,
                seed, newOta);
    }
}
