package zmai.fleet.ota;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * The body of {@code POST /api/rollouts}: which image, which devices (explicit ids or a filter), and how carefully.
 * Each wave in {@code waves} is a number (the share of all devices reached once it is done, in %) or
 * {@code {"count": n}} (n devices more); devices left after the last wave form one more.
 */
public record RolloutRequest(String firmware, List<String> devices, Filter filter, Integer canary, List<JsonNode> waves,
                             Integer maxConcurrent, Integer failureThresholdPercent, Integer successThresholdPercent,
                             Duration fetchTimeout, Duration deviceTimeout, Integer minRssi, Push push,
                             Boolean start) {

    /**
     * The fallback for a meter that never fetches its image: push it to the meter's own web server instead.
     * {@code deviceUrl} is where that server is, with {@code {ip}}, {@code {topic}} and {@code {id}} filled in
     * per meter; by default {@code fleet.ota.device-url}.
     */
    public record Push(String deviceUrl) {
    }

    /** Devices with every one of {@code tags}, a version within {@code version}, of {@code chip}. */
    public record Filter(List<String> tags, String version, String chip) {
    }
}
