package zmai.fleet.energy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import zmai.core.circuit.Assignment;
import zmai.fleet.device.Device;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Circuits (a named load in a time zone) and which meter measured each, when. */
@Path("/api/circuits")
@Produces(MediaType.APPLICATION_JSON)
public class CircuitResource {

    private final Finality finality;
    private final CircuitPlan plan;

    CircuitResource(Finality finality, CircuitPlan plan) {
        this.finality = finality;
        this.plan = plan;
    }

    public record NewCircuit(String name, String timezone) {
    }

    public record CircuitView(long id, String name, String timezone, List<AssignmentView> assignments) {
    }

    public record NewAssignment(String device, String from, String to) {
    }

    public record AssignmentView(long id, String device, Instant from, Instant to) {
    }

    /** The new end of an assignment: an RFC 3339 instant, or null for open-ended. */
    public record AssignmentEnd(String to) {
    }

    @GET
    @RolesAllowed("viewer")
    public List<CircuitView> list() {
        return Circuit.<Circuit>listAll(io.quarkus.panache.common.Sort.by("name")).stream().map(CircuitResource::view)
                .toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("viewer")
    public CircuitView get(@PathParam("id") long id) {
        return view(existing(id));
    }

    @POST
    @RolesAllowed("operator")
    @Transactional
    public Response create(NewCircuit request) {
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            throw new IllegalArgumentException("a circuit needs a name of 1-200 characters");
        }
        Circuit circuit = plan.create(request.name().strip(), Params.zone(request.timezone()));
        return Response.created(URI.create("/api/circuits/" + circuit.pk)).entity(view(circuit)).build();
    }

    /** A meter measures one circuit at a time: an assignment overlapping another of the same meter is refused. */
    @POST
    @Path("{id}/assignments")
    @RolesAllowed("operator")
    @Transactional
    public Response assign(@PathParam("id") long id, NewAssignment request, @Context SecurityContext caller) {
        if (request == null || request.device() == null || request.from() == null) {
            throw new IllegalArgumentException("an assignment needs device and from (RFC 3339); to is optional");
        }
        Circuit circuit = existing(id);
        Device device = Device.byId(request.device()).orElseThrow(() ->
                new IllegalArgumentException("no device with id '" + request.device() + "'"));
        Instant from = Params.instant("from", request.from());
        Optional<Instant> to = Optional.ofNullable(request.to()).map(t -> Params.instant("to", t));
        if (to.isPresent() && !to.get().isAfter(from)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        CircuitAssignment row = plan.assign(circuit, device, from, to, caller.getUserPrincipal().getName());
        return Response.status(Response.Status.CREATED)
                .entity(new AssignmentView(row.pk, device.id, from, to.orElse(null))).build();
    }

    /**
     * Moves an assignment's end, as when a meter is removed (a swap) or its removal was recorded at the wrong
     * time. The energy of the range that leaves or joins the circuit moves with it; in a final month that is an
     * adjustment.
     */
    @PATCH
    @Path("{id}/assignments/{assignment}")
    @RolesAllowed("operator")
    @Transactional
    public AssignmentView changeEnd(@PathParam("id") long id, @PathParam("assignment") long assignmentId,
                                    AssignmentEnd request, @Context SecurityContext caller) {
        if (request == null) {
            throw new IllegalArgumentException("the body must be {\"to\": <RFC 3339> or null}");
        }
        Circuit circuit = existing(id);
        CircuitAssignment row = assignment(circuit, assignmentId);
        Device device = Device.findById(row.devicePk);
        Optional<Instant> to = Optional.ofNullable(request.to()).map(t -> Params.instant("to", t));
        if (to.isPresent() && !to.get().isAfter(row.validFrom)) {
            throw new IllegalArgumentException("'to' must be after the assignment's 'from' (" + row.validFrom + ")");
        }
        CircuitAssignment.lockDevice(device.pk);
        CircuitPlan.refuseOverlap(device, row.pk, new Assignment(device.id, circuit.name, row.validFrom, to));
        Instant oldEnd = row.validTo;
        Instant newEnd = to.orElse(null);
        row.validTo = newEnd;
        Attribution who = new Attribution(caller.getUserPrincipal().getName(), "assignment of device " + device.id
                + " to circuit " + circuit.name + " now ends " + (newEnd == null ? "never" : newEnd.toString())
                + " (was " + (oldEnd == null ? "open-ended" : oldEnd.toString()) + ")");
        if (endsBefore(newEnd, oldEnd)) {
            CircuitPlan.withConnection(c -> Rollups.removeCoverage(c, device.pk,
                    CircuitPlan.coverage(circuit, newEnd, oldEnd), finality, who));
        } else if (endsBefore(oldEnd, newEnd)) {
            CircuitPlan.withConnection(c -> Rollups.addCoverage(c, device.pk,
                    CircuitPlan.coverage(circuit, oldEnd, newEnd), finality, who));
        }
        return new AssignmentView(row.pk, device.id, row.validFrom, row.validTo);
    }

    /** Removes an assignment made by mistake; the meter's energy in its range leaves the circuit. */
    @DELETE
    @Path("{id}/assignments/{assignment}")
    @RolesAllowed("operator")
    @Transactional
    public Response unassign(@PathParam("id") long id, @PathParam("assignment") long assignmentId,
                             @Context SecurityContext caller) {
        Circuit circuit = existing(id);
        CircuitAssignment row = assignment(circuit, assignmentId);
        Device device = Device.findById(row.devicePk);
        CircuitAssignment.lockDevice(device.pk);
        Attribution who = new Attribution(caller.getUserPrincipal().getName(), "assignment of device " + device.id
                + " to circuit " + circuit.name + " from " + row.validFrom
                + (row.validTo == null ? "" : " to " + row.validTo) + " removed");
        CircuitPlan.withConnection(c -> Rollups.removeCoverage(c, device.pk,
                CircuitPlan.coverage(circuit, row.validFrom, row.validTo), finality, who));
        row.delete();
        return Response.noContent().build();
    }

    /** Whether {@code a} ends before {@code b}; null is the open end, after every instant. */
    private static boolean endsBefore(Instant a, Instant b) {
        return a != null && (b == null || a.isBefore(b));
    }

    private static CircuitAssignment assignment(Circuit circuit, long assignmentId) {
        CircuitAssignment row = CircuitAssignment.findById(assignmentId);
        if (row == null || !row.circuitPk.equals(circuit.pk)) {
            throw new NotFoundException("circuit " + circuit.pk + " has no assignment " + assignmentId);
        }
        return row;
    }

    static CircuitView view(Circuit circuit) {
        List<AssignmentView> assignments = CircuitAssignment.<CircuitAssignment>list("circuitPk = ?1 order by validFrom",
                circuit.pk).stream().map(a -> new AssignmentView(a.pk, Device.<Device>findById(a.devicePk).id,
                a.validFrom, a.validTo)).toList();
        return new CircuitView(circuit.pk, circuit.name, circuit.timezone, assignments);
    }

    private static Circuit existing(long id) {
        Circuit circuit = Circuit.findById(id);
        if (circuit == null) {
            throw new NotFoundException("no circuit with id " + id);
        }
        return circuit;
    }
}
