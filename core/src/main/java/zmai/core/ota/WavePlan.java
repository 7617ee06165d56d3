package zmai.core.ota;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The devices of a rollout, in order, cut into waves: an optional canary wave first, then the listed waves; the
 * devices left after the last listed wave form one more. Each wave's end is the number of devices reached once it
 * is done; no wave is empty.
 */
public record WavePlan(List<Integer> ends) {

    public WavePlan {
        ends = List.copyOf(ends);
        for (int i = 0; i < ends.size(); i++) {
            if (ends.get(i) <= (i == 0 ? 0 : ends.get(i - 1))) {
                throw new IllegalArgumentException("waves must each add devices: " + ends);
            }
        }
    }

    public static WavePlan of(int devices, int canary, List<WaveSize> waves) {
        Objects.requireNonNull(waves, "waves");
        if (devices < 1) {
            throw new IllegalArgumentException("a rollout needs at least one device");
        }
        if (canary < 0 || canary > devices) {
            throw new IllegalArgumentException("the canary wave holds 0.." + devices + " devices, not " + canary);
        }
        List<Integer> ends = new ArrayList<>();
        int reach = canary;
        if (canary > 0) {
            ends.add(canary);
        }
        for (WaveSize wave : waves) {
            int next = wave.reach(reach, devices);
            if (next > reach) {
                ends.add(next);
                reach = next;
            }
        }
        if (reach < devices) {
            ends.add(devices);
        }
        return new WavePlan(ends);
    }

    public int waves() {
        return ends.size();
    }

    public int devices() {
        return ends.get(ends.size() - 1);
    }

    /** The wave (from 0) of the device at {@code position} (from 0) in the rollout's order. */
    public int waveOf(int position) {
        if (position < 0 || position >= devices()) {
            throw new IndexOutOfBoundsException("position " + position + " of " + devices());
        }
        int wave = 0;
        while (position >= ends.get(wave)) {
            wave++;
        }
        return wave;
    }
}
