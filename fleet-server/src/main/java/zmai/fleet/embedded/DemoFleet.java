package zmai.fleet.embedded;

import zmai.meter.virtual.FleetScenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the demo fleet looks like: household-like day curves that differ per meter, one meter whose power keeps
 * failing, one unplugged a while after start, and the meters spread over two racks and an office with the last two
 * left spare, so every page of the console has something to show.
 */
final class DemoFleet {

    static final List<String> CIRCUITS = List.of("Rack A", "Rack B", "Office");
    static final String TIMEZONE = "Europe/Berlin";
    static final int FLAPPING = 4;
    static final int FLAPPING_SECONDS = 120;
    static final int UNPLUGGED = 9;
    static final int UNPLUGGED_AFTER_SECONDS = 45;
    private static final int SPARE = 2;

    private DemoFleet() {
    }

    /** Where a meter hangs: its display name, tags, and the circuit it measures, if any. */
    record Placement(String name, List<String> tags, Optional<String> circuit) {
    }

    static FleetScenario scenario(int count, long seed) {
        List<FleetScenario.Fault> faults = new ArrayList<>();
        if (count > FLAPPING) {
            faults.add(new FleetScenario.Fault(FLAPPING, "FLAPPING", null, FLAPPING_SECONDS, null));
        }
        if (count > UNPLUGGED) {
            faults.add(new FleetScenario.Fault(UNPLUGGED, "UNPLUGGED", null, null, UNPLUGGED_AFTER_SECONDS));
        }
        return new FleetScenario(count, null, seed, null, new FleetScenario.Profile("day", 40, 1800, 0.95), null,
                faults, 0);
    }

    /** Meters in order fill Rack A, Rack B and Office in equal runs; the last two are spares on no circuit. */
    static Placement placement(int index, int count) {
        int placed = count > SPARE ? count - SPARE : count;
        if (index >= placed) {
            return new Placement("Spare " + (index - placed + 1), List.of("spare"), Optional.empty());
        }
        int group = index * CIRCUITS.size() / placed;
        int first = (group * placed + CIRCUITS.size() - 1) / CIRCUITS.size();
        String circuit = CIRCUITS.get(group);
        String tag = circuit.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return new Placement(circuit + " meter " + (index - first + 1), List.of(tag), Optional.of(circuit));
    }
}
