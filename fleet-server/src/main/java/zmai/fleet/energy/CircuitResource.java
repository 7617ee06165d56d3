package zmai.fleet.energy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import zmai.core.circuit.Assignment;
import zmai.core.circuit.AssignmentPlan;
import zmai.fleet.device.Device;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Circuits (a named load in a time zone) and which meter measured each, when. */
@Path("/api/circuits")
@Produces(MediaType.APPLICATION_JSON)
public class CircuitResource {

    private final Finality finality;

    CircuitResource(Finality finality) {
        this.finality = finality;
    }

    public record NewCircuit(String name, String timezone) {
    }

    public record CircuitView(long id, String name, String timezone, List<AssignmentView> assignments) {
    }

    public record NewAssignment(String device, String from, String to) {
    }

    public record AssignmentView(long id, String device, Instant from, Instant to) {
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
        ZoneId zone = Params.zone(request.timezone());
        if (Circuit.count("name", request.name().strip()) > 0) {
            throw new WebApplicationException("a circuit named '" + request.name().strip() + "' exists already",
                    Response.Status.CONFLICT);
        }
        Circuit circuit = new Circuit();
        circuit.name = request.name().strip();
        circuit.timezone = zone.getId();
        circuit.createdAt = Instant.now();
        circuit.persist();
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
        // one meter's assignments are checked under a lock on that meter, so two requests cannot both pass
        CircuitAssignment.lockDevice(device.pk);
        List<Assignment> existing = CircuitAssignment.<CircuitAssignment>list("devicePk", device.pk).stream()
                .map(a -> a.toCore(device.id)).toList();
        Assignment added = new Assignment(device.id, circuit.name, from, to);
        try {
            AssignmentPlan.of(existing).with(added);
        } catch (IllegalArgumentException overlap) {
            throw new WebApplicationException(overlap.getMessage(), Response.Status.CONFLICT);
        }
        CircuitAssignment row = new CircuitAssignment();
        row.circuitPk = circuit.pk;
        row.devicePk = device.pk;
        row.validFrom = from;
        row.validTo = to.orElse(null);
        row.persist();
        // the meter's energy already accounted in this range now belongs to the circuit's hours, days and months
        Rollups.Coverage coverage = new Rollups.Coverage(circuit.pk, ZoneId.of(circuit.timezone), from,
                to.orElse(null));
        Attribution who = new Attribution(caller.getUserPrincipal().getName(), "device " + device.id
                + " assigned to circuit " + circuit.name + " from " + from + (to.map(t -> " to " + t).orElse("")));
        CircuitAssignment.getEntityManager().unwrap(org.hibernate.Session.class)
                .doWork(connection -> Rollups.addAssignment(connection, device.pk, coverage, finality, who));
        return Response.status(Response.Status.CREATED)
                .entity(new AssignmentView(row.pk, device.id, from, to.orElse(null))).build();
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
