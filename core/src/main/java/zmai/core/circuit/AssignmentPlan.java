package zmai.core.circuit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * All meter-to-circuit assignments. A meter measures at most one circuit at a time; an assignment that
 * would overlap another of the same meter is refused.
 */
public final class AssignmentPlan {

    private final List<Assignment> assignments;
    // indexes, so that a report over many circuits does not scan every assignment for each of them
    private final Map<String, List<Assignment>> byMeter;
    private final Map<String, List<Assignment>> byCircuit;

    private AssignmentPlan(List<Assignment> assignments) {
        this.assignments = List.copyOf(assignments);
        this.byMeter = index(this.assignments, Assignment::meterId);
        this.byCircuit = index(this.assignments, Assignment::circuitId);
    }

    private static Map<String, List<Assignment>> index(List<Assignment> assignments,
                                                       Function<Assignment, String> key) {
        Map<String, List<Assignment>> index = new HashMap<>();
        for (Assignment a : assignments) {
            index.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a);
        }
        index.replaceAll((k, list) -> List.copyOf(list));
        return index;
    }

    public static AssignmentPlan empty() {
        return new AssignmentPlan(List.of());
    }

    /** A plan of all of {@code assignments}, or an {@link IllegalArgumentException} naming the first overlap. */
    public static AssignmentPlan of(List<Assignment> assignments) {
        Map<String, List<Assignment>> byMeter = new HashMap<>();
        for (Assignment a : assignments) {
            List<Assignment> ofMeter = byMeter.computeIfAbsent(a.meterId(), k -> new ArrayList<>());
            refuseOverlap(ofMeter, a);
            ofMeter.add(a);
        }
        return new AssignmentPlan(assignments);
    }

    /** This plan plus {@code added}, or an {@link IllegalArgumentException} naming the overlap. */
    public AssignmentPlan with(Assignment added) {
        refuseOverlap(byMeter.getOrDefault(added.meterId(), List.of()), added);
        List<Assignment> grown = new ArrayList<>(assignments);
        grown.add(added);
        return new AssignmentPlan(grown);
    }

    private static void refuseOverlap(List<Assignment> ofSameMeter, Assignment added) {
        for (Assignment existing : ofSameMeter) {
            if (existing.overlaps(added)) {
                throw new IllegalArgumentException("meter " + added.meterId() + " is already assigned to circuit "
                        + existing.circuitId() + " from " + existing.from() + existing.to().map(t -> " to " + t).orElse(" on")
                        + "; it cannot also measure " + added.circuitId() + " from " + added.from()
                        + added.to().map(t -> " to " + t).orElse(" on"));
            }
        }
    }

    public List<Assignment> all() {
        return assignments;
    }

    public List<Assignment> ofCircuit(String circuitId) {
        return byCircuit.getOrDefault(circuitId, List.of());
    }

    /** The circuit {@code meterId} measured at {@code instant}, if any. */
    public Optional<String> circuitOf(String meterId, Instant instant) {
        return byMeter.getOrDefault(meterId, List.of()).stream()
                .filter(a -> a.activeAt(instant))
                .map(Assignment::circuitId)
                .findFirst();
    }
}
