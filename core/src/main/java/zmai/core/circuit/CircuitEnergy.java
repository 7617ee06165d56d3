package zmai.core.circuit;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import zmai.core.energy.TimeRange;

/**
 * A circuit's energy over a range: the 15-minute buckets whose start lies in the range, of the meters
 * assigned to the circuit at each bucket's start. Time no meter covered is reported, never filled in.
 *
 * @param unmetered the parts of the range no assignment of the circuit covers, in time order
 */
public record CircuitEnergy(Circuit circuit, TimeRange range, long energyMwh, List<TimeRange> unmetered) {

    public CircuitEnergy {
        unmetered = List.copyOf(unmetered);
    }

    /** The circuit's local month, in its own time zone. */
    public static CircuitEnergy ofMonth(Circuit circuit, YearMonth month, AssignmentPlan plan,
                                        Map<String, SortedMap<Instant, Long>> bucketsByMeter) {
        return of(circuit, TimeRange.of(month, circuit.zone()), plan, bucketsByMeter);
    }

    /**
     * @param bucketsByMeter counted energy per meter, keyed by 15-minute bucket start
     */
    public static CircuitEnergy of(Circuit circuit, TimeRange range, AssignmentPlan plan,
                                   Map<String, SortedMap<Instant, Long>> bucketsByMeter) {
        List<Assignment> assignments = plan.ofCircuit(circuit.id());
        long energy = 0;
        List<TimeRange> covered = new ArrayList<>();
        for (Assignment assignment : assignments) {
            Optional<TimeRange> part = assignment.within(range);
            if (part.isEmpty()) {
                continue;
            }
            covered.add(part.get());
            SortedMap<Instant, Long> buckets = bucketsByMeter.getOrDefault(assignment.meterId(), new TreeMap<>());
            for (long mwh : buckets.subMap(part.get().start(), part.get().end()).values()) {
                energy = Math.addExact(energy, mwh);
            }
        }
        return new CircuitEnergy(circuit, range, energy, gaps(range, covered));
    }

    private static List<TimeRange> gaps(TimeRange range, List<TimeRange> covered) {
        List<TimeRange> gaps = new ArrayList<>();
        Instant cursor = range.start();
        for (TimeRange part : covered.stream().sorted(Comparator.comparing(TimeRange::start)).toList()) {
            if (part.start().isAfter(cursor)) {
                gaps.add(new TimeRange(cursor, part.start()));
            }
            if (part.end().isAfter(cursor)) {
                cursor = part.end();
            }
        }
        if (cursor.isBefore(range.end())) {
            gaps.add(new TimeRange(cursor, range.end()));
        }
        return gaps;
    }
}
