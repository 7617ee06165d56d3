package zmai.fleet.energy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import zmai.core.circuit.Assignment;
import zmai.core.circuit.AssignmentPlan;
import zmai.fleet.device.Device;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Creating circuits and assigning meters to them, for the API and for the demo's seed alike. Runs in the caller's
 * transaction; a conflict (a taken name, an overlapping assignment) is a 409.
 */
@ApplicationScoped
public class CircuitPlan {

    private final Finality finality;

    CircuitPlan(Finality finality) {
        this.finality = finality;
    }

    public Circuit create(String name, ZoneId zone) {
        if (Circuit.count("name", name) > 0) {
            throw new WebApplicationException("a circuit named '" + name + "' exists already",
                    Response.Status.CONFLICT);
        }
        Circuit circuit = new Circuit();
        circuit.name = name;
        circuit.timezone = zone.getId();
        circuit.createdAt = Instant.now();
        circuit.persist();
        return circuit;
    }

    /** A meter measures one circuit at a time: an assignment overlapping another of the same meter is refused. */
    public CircuitAssignment assign(Circuit circuit, Device device, Instant from, Optional<Instant> to, String by) {
        // one meter's assignments are checked under a lock on that meter, so two requests cannot both pass
        CircuitAssignment.lockDevice(device.pk);
        refuseOverlap(device, null, new Assignment(device.id, circuit.name, from, to));
        CircuitAssignment row = new CircuitAssignment();
        row.circuitPk = circuit.pk;
        row.devicePk = device.pk;
        row.validFrom = from;
        row.validTo = to.orElse(null);
        row.persist();
        // the meter's energy already accounted in this range now belongs to the circuit's hours, days and months
        Attribution who = new Attribution(by, "device " + device.id + " assigned to circuit " + circuit.name
                + " from " + from + to.map(t -> " to " + t).orElse(""));
        withConnection(c -> Rollups.addCoverage(c, device.pk, coverage(circuit, from, to.orElse(null)), finality, who));
        return row;
    }

    static Rollups.Coverage coverage(Circuit circuit, Instant from, Instant to) {
        return new Rollups.Coverage(circuit.pk, ZoneId.of(circuit.timezone), from, to);
    }

    static void refuseOverlap(Device device, Long except, Assignment wanted) {
        List<Assignment> others = CircuitAssignment.<CircuitAssignment>list("devicePk", device.pk).stream()
                .filter(a -> !a.pk.equals(except)).map(a -> a.toCore(device.id)).toList();
        try {
            AssignmentPlan.of(others).with(wanted);
        } catch (IllegalArgumentException overlap) {
            throw new WebApplicationException(overlap.getMessage(), Response.Status.CONFLICT);
        }
    }

    static void withConnection(org.hibernate.jdbc.Work work) {
        CircuitAssignment.getEntityManager().unwrap(org.hibernate.Session.class).doWork(work);
    }
}
