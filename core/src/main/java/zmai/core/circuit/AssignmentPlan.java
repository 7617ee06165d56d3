package zmai.core.circuit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All meter-to-circuit assignments. A meter measures at most one circuit at a time; an assignment that
 * would overlap another of the same meter is refused.
 */
public final class AssignmentPlan {

    private final List<Assignment> assignments;

    private AssignmentPlan(List<Assignment> assignments) {
        this.assignments = List.copyOf(assignments);
    }

    public static AssignmentPlan empty() {
        return new AssignmentPlan(List.of());
    }

    public static AssignmentPlan of(List<Assignment> assignments) {
        AssignmentPlan plan = empty();
        for (Assignment a : assignments) {
            plan = plan.with(a);
        }
        return plan;
    }

    /** This plan plus {@code added}, or an {@link IllegalArgumentException} naming the overlap. */
    public AssignmentPlan with(Assignment added) {
        for (Assignment existing : assignments) {
            if (existing.meterId().equals(added.meterId()) && existing.overlaps(added)) {
                throw new IllegalArgumentException("meter " + added.meterId() + " is already assigned to circuit "
                        + existing.circuitId() + " from " + existing.from() + existing.to().map(t -> " to " + t).orElse(" on")
                        + "; it cannot also measure " + added.circuitId() + " from " + added.from()
                        + added.to().map(t -> " to " + t).orElse(" on"));
            }
        }
        List<Assignment> grown = new ArrayList<>(assignments);
        grown.add(added);
        return new AssignmentPlan(grown);
    }

    public List<Assignment> all() {
        return assignments;
    }

    public List<Assignment> ofCircuit(String circuitId) {
        return assignments.stream().filter(a -> a.circuitId().equals(circuitId)).toList();
    }

    /** The circuit {@code meterId} measured at {@code instant}, if any. */
    public Optional<String> circuitOf(String meterId, Instant instant) {
        return assignments.stream()
                .filter(a -> a.meterId().equals(meterId) && a.activeAt(instant))
                .map(Assignment::circuitId)
                .findFirst();
    }
}
