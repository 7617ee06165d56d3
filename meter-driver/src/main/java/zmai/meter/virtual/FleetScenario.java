package zmai.meter.virtual;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A fleet described in JSON, e.g.
 * <pre>{"count": 100, "macPrefix": "c8:47:8c", "seed": 42, "version": "1.18.288",
 *  "profile": {"kind": "day", "baseWatts": 80, "peakWatts": 2500, "powerFactor": 0.95},
 *  "flags": [2], "faults": [{"meter": 3, "kind": "DUPLICATE_TOPIC", "of": 2}, {"meter": 5, "kind": "NO_NTP"},
 *  {"meter": 7, "kind": "FLAPPING", "everySeconds": 90}, {"meter": 9, "kind": "FAILING_DOWNLOADS"},
 *  {"meter": 11, "kind": "UNPLUGGED", "afterSeconds": 45}],
 *  "downloadBytesPerSecond": 40000}</pre>
 * {@code downloadBytesPerSecond} paces every meter's OTA downloads; 0 or absent reads as fast as the network.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record FleetScenario(int count, String macPrefix, long seed, String version, Profile profile,
                            List<Integer> flags, List<Fault> faults, long downloadBytesPerSecond) {

    public FleetScenario {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + count);
        }
        macPrefix = Objects.requireNonNullElse(macPrefix, "c8:47:8c");
        version = Objects.requireNonNullElse(version, "1.18.288");
        profile = Objects.requireNonNullElse(profile, new Profile("constant", 60, 60, 0.95));
        flags = List.copyOf(Objects.requireNonNullElse(flags, List.of(MeterFlags.HEARTBEAT)));
        faults = List.copyOf(Objects.requireNonNullElse(faults, List.of()));
        if (downloadBytesPerSecond < 0) {
            throw new IllegalArgumentException("downloadBytesPerSecond cannot be negative: " + downloadBytesPerSecond);
        }
    }

    public static FleetScenario of(int count, long seed) {
        return new FleetScenario(count, null, seed, null, null, null, null, 0);
    }

    public static FleetScenario read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), FleetScenario.class);
    }

    public FleetScenario withCount(int newCount) {
        return new FleetScenario(newCount, macPrefix, seed, version, profile, flags, faults, downloadBytesPerSecond);
    }

    public FleetScenario withDownloadBytesPerSecond(long bytesPerSecond) {
        return new FleetScenario(count, macPrefix, seed, version, profile, flags, faults, bytesPerSecond);
    }

    /** {@code kind} is {@code constant} (watts) or {@code day} (baseWatts..peakWatts, seeded per meter). */
    public record Profile(String kind, double baseWatts, double peakWatts, double powerFactor) {
        LoadProfile forMeter(long meterSeed) {
            return "day".equals(kind) ? new DayCurveLoad(baseWatts, peakWatts, powerFactor, meterSeed, ZoneOffset.UTC)
                    : LoadProfile.constant(baseWatts, powerFactor);
        }
    }

    /**
     * @param kind FLAPPING (power cut every {@code everySeconds}), UNPLUGGED (mains gone for good
     *             {@code afterSeconds} after start: the broker publishes its will and it never comes back),
     *             DUPLICATE_TOPIC (same client id as meter
     *             {@code of}), NO_NTP (clock-less: no daily counters), and the OTA faults: OTA_SWALLOWED
     *             (ota_http accepted, never fetched), OTA_UNREACHABLE (the GET never reaches the server),
     *             FAILING_DOWNLOADS (every download breaks off about halfway), OTA_KEEPS_OLD (whole image fetched,
     *             old build boots); each of those reboots into the old build except OTA_SWALLOWED
     */
    public record Fault(int meter, String kind, Integer of, Integer everySeconds, Integer afterSeconds) {
    }

    /** Configuration of meter {@code index}: MAC = prefix + index, seeds derived from the fleet seed. */
    public MeterConfig meter(int index) {
        long meterSeed = seed * 1_000_003L + index;
        String mac = String.format("%s:%02x:%02x:%02x", macPrefix, (index >> 16) & 0xFF, (index >> 8) & 0xFF,
                index & 0xFF);
        FirmwareBuild build = FirmwareBuild.openBk7231n(version, LocalDateTime.of(2025, 3, 1, 10, 11, 12));
        MeterConfig config = MeterConfig.defaults(zmai.core.meter.MacAddress.parse(mac), build,
                profile.forMeter(meterSeed), meterSeed).withFlags(Set.copyOf(flags));
        OtaFault otaFault = OtaFault.NONE;
        for (Fault f : faults) {
            if (f.meter() != index) {
                continue;
            }
            if ("NO_NTP".equals(f.kind())) {
                config = config.withNtp(false);
            } else if (otaFault(f.kind()) != null) {
                otaFault = otaFault(f.kind());
            } else if ("DUPLICATE_TOPIC".equals(f.kind()) && f.of() != null) {
                config = config.withTopic(meter(f.of()).topic());
            }
        }
        return config.withOta(new OtaBehaviour(downloadBytesPerSecond, otaFault));
    }

    private static OtaFault otaFault(String kind) {
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case "OTA_SWALLOWED":
                return OtaFault.SWALLOWS_COMMAND;
            case "OTA_UNREACHABLE":
                return OtaFault.UNREACHABLE_SERVER;
            case "FAILING_DOWNLOADS":
                return OtaFault.ABORTS_DOWNLOAD;
            case "OTA_KEEPS_OLD":
                return OtaFault.BOOTLOADER_KEEPS_OLD;
            default:
                return null;
        }
    }

    /** Seconds between power cuts of meter {@code index}, or 0. */
    public int flappingSeconds(int index) {
        return faults.stream().filter(f -> f.meter() == index && "FLAPPING".equals(f.kind()))
                .mapToInt(f -> f.everySeconds() == null ? 60 : f.everySeconds()).findFirst().orElse(0);
    }

    /** Seconds after start at which meter {@code index} loses power for good, or 0 when it never does. */
    public int unpluggedSeconds(int index) {
        return faults.stream().filter(f -> f.meter() == index && "UNPLUGGED".equals(f.kind()))
                .mapToInt(f -> f.afterSeconds() == null ? 60 : Math.max(1, f.afterSeconds())).findFirst().orElse(0);
    }
}
