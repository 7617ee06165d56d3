package zmai.fleet.ota;

import com.fasterxml.jackson.annotation.JsonInclude;
import zmai.core.ota.OtaState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rollout as the API shows it: its settings, and its devices counted per state, overall and per wave. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(String id, Image firmware, RolloutState state, String reason, Instant createdAt,
                          String createdBy, Instant finishedAt, int devices, Map<OtaState, Integer> counts,
                          int currentWave, List<Wave> waves, Settings settings) {

    public record Image(String id, String filename, String chip, String version, long size) {
    }

    /** {@code state}: pending (not reached yet), open (its devices may be commanded) or done. */
    public record Wave(int wave, int size, String state, Map<OtaState, Integer> counts) {
    }

    public record Settings(int maxConcurrent, int failureThresholdPercent, int successThresholdPercent,
                           String fetchTimeout, String deviceTimeout, Integer minRssi, String pushDeviceUrl) {
    }

    static RolloutView of(RolloutRow r, Map<Integer, Map<OtaState, Integer>> tally) {
        Map<OtaState, Integer> counts = new LinkedHashMap<>();
        List<Wave> waves = new ArrayList<>();
        int start = 0;
        for (int w = 0; w < r.plan().waves(); w++) {
            int end = r.plan().ends().get(w);
            Map<OtaState, Integer> inWave = ordered(tally.getOrDefault(w, Map.of()));
            inWave.forEach((state, n) -> counts.merge(state, n, Integer::sum));
            boolean done = inWave.entrySet().stream().allMatch(e -> e.getKey().isTerminal());
            String state = w > r.currentWave() ? "pending" : done ? "done" : "open";
            waves.add(new Wave(w, end - start, state, inWave));
            start = end;
        }
        return new RolloutView(r.id(), new Image(r.firmwareId(), r.filename(), r.chip().name(), r.target().toString(),
                r.imageSize()), r.state(), r.stateReason().orElse(null), r.createdAt(), r.createdBy(),
                r.finishedAt().orElse(null), r.plan().devices(), ordered(counts), r.currentWave(), waves,
                new Settings(r.maxConcurrent(), r.failureThresholdPercent(), r.successThresholdPercent(),
                        r.fetchTimeout().toString(), r.deviceTimeout().toString(),
                        r.minRssi().isPresent() ? r.minRssi().getAsInt() : null,
                        r.push().map(DeviceUrl::template).orElse(null)));
    }

    private static Map<OtaState, Integer> ordered(Map<OtaState, Integer> counts) {
        Map<OtaState, Integer> out = new LinkedHashMap<>();
        for (OtaState s : OtaState.values()) {
            if (counts.containsKey(s)) {
                out.put(s, counts.get(s));
            }
        }
        return out;
    }
}
