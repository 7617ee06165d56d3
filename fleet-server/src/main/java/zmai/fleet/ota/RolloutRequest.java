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
                             Duration fetchTimeout, Duration deviceTimeout, Integer minRssi, Boolean start) {

    /** Devices with every one of {@code tags}, a version within {@code version}, of {@code chip}. */
    public record Filter(List<String> tags, String version, String chip) {
    }
}
