package zmai.fleet.ota;

import com.fasterxml.jackson.databind.JsonNode;
import zmai.core.ota.WaveSize;
import zmai.fleet.config.FleetConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A rollout request with its defaults filled in and every setting checked. */
record RolloutSpec(String firmwareId, int canary, List<WaveSize> waves, int maxConcurrent, int failureThresholdPercent,
                   int successThresholdPercent, Duration fetchTimeout, Duration deviceTimeout, OptionalInt minRssi,
                   Optional<DeviceUrl> push, boolean start) {

    static final int MAX_CONCURRENT = 1000;
    static final int DEFAULT_CONCURRENT = 10;
    static final int DEFAULT_FAILURE_PERCENT = 10;
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    static RolloutSpec of(RolloutRequest r, FleetConfig.Ota defaults) {
        if (r.firmware() == null || r.firmware().isBlank()) {
            throw new IllegalArgumentException("'firmware' must name an uploaded image by its id");
        }
        int canary = within(r.canary(), 0, 0, Integer.MAX_VALUE, "canary");
        int failure = within(r.failureThresholdPercent(), DEFAULT_FAILURE_PERCENT, 0, 100, "failureThresholdPercent");
        int success = within(r.successThresholdPercent(), 100 - failure, 0, 100, "successThresholdPercent");
        int concurrent = within(r.maxConcurrent(), DEFAULT_CONCURRENT, 1, MAX_CONCURRENT, "maxConcurrent");
        OptionalInt minRssi = r.minRssi() == null ? OptionalInt.empty()
                : OptionalInt.of(within(r.minRssi(), 0, -120, 0, "minRssi"));
        return new RolloutSpec(r.firmware().strip(), canary, waves(r.waves()), concurrent, failure, success,
                timeout(r.fetchTimeout(), defaults.fetchTimeout(), "fetchTimeout"),
                timeout(r.deviceTimeout(), defaults.deviceTimeout(), "deviceTimeout"), minRssi,
                Optional.ofNullable(r.push()).map(p -> DeviceUrl.parse(p.deviceUrl() == null ? defaults.deviceUrl()
                        : p.deviceUrl())), r.start() == null || r.start());
    }

    private static List<WaveSize> waves(List<JsonNode> waves) {
        List<WaveSize> sizes = new ArrayList<>();
        for (JsonNode w : Objects.requireNonNullElse(waves, List.<JsonNode>of())) {
            if (w != null && w.isInt()) {
                sizes.add(new WaveSize.Percent(w.intValue()));
            } else if (w != null && w.isObject() && w.size() == 1 && w.path("count").isInt()) {
                sizes.add(new WaveSize.Count(w.get("count").intValue()));
            } else if (w != null && w.isObject() && w.size() == 1 && w.path("percent").isInt()) {
                sizes.add(new WaveSize.Percent(w.get("percent").intValue()));
            } else {
                throw new IllegalArgumentException("each wave is a percentage such as 50 or {\"count\": 25}, not "
                        + w);
            }
        }
        return sizes;
    }

    private static int within(Integer value, int fallback, int min, int max, String name) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw new IllegalArgumentException("'" + name + "' must be " + min + ".." + max + ", not " + v);
        }
        return v;
    }

    private static Duration timeout(Duration value, Duration fallback, String name) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("'" + name + "' must be positive and at most " + MAX_TIMEOUT
                    + ", not " + d);
        }
        return d;
    }
}
