package zmai.fleet.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.WebApplicationException;
import zmai.core.energy.MilliWattHours;
import zmai.core.meter.DeviceTopic;
import zmai.core.topic.OutboundCommand;
import zmai.fleet.ingest.MqttIngest;
import zmai.fleet.live.DeviceChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import zmai.fleet.tracking.DeviceEventKind;
import zmai.fleet.tracking.DeviceTracker;
import zmai.fleet.tracking.EnergySettings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The fleet's meters: list, inspect, annotate, switch, command, forget. */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    static final int MAX_PAGE_SIZE = 500;

    private final MqttIngest mqtt;
    private final DeviceTracker tracker;
    private final DeviceChanges changes;

    DeviceResource(MqttIngest mqtt, DeviceTracker tracker, DeviceChanges changes) {
        this.mqtt = mqtt;
        this.tracker = tracker;
        this.changes = changes;
    }

    public record RelayRequest(Boolean on) {
    }

    public record CommandRequest(String command, String arguments) {
    }

    /** What was published, and where; the device answers on its own topics. */
    public record CommandSent(String deviceId, String topic, String payload, Instant at) {
    }

    public record HistoryEntry(Instant at, String kind, String detail) {
    }

    @GET
    @RolesAllowed("viewer")
    public DevicePage list(@QueryParam("online") Boolean online, @QueryParam("firmware") String firmware,
                           @QueryParam("tag") String tag, @QueryParam("q") String text,
                           @QueryParam("page") @DefaultValue("0") int page,
                           @QueryParam("size") @DefaultValue("50") int size,
                           @QueryParam("sort") @DefaultValue("id") String sort) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be 0 or more and size 1.." + MAX_PAGE_SIZE);
        }
        DeviceFilter filter = new DeviceFilter(Optional.ofNullable(online), nonBlank(firmware), nonBlank(tag),
                nonBlank(text), sort);
        var query = Device.<Device>find(filter.query(), filter.order(), filter.parameters());
        List<DeviceView> items = query.page(Page.of(page, size)).list().stream().map(DeviceView::of).toList();
        return new DevicePage(items, page, size, query.count());
    }

    /** A device known before it speaks, e.g. for imported history, with its counter's resolution. */
    public record NewDevice(String id, String quantum) {
    }

    @POST
    @RolesAllowed("operator")
    public Response register(NewDevice request) {
        if (request == null || request.id() == null || request.id().isBlank() || request.id().length() > 128
                || request.id().chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a device needs an id of 1-128 printable characters");
        }
        Long quantum = request.quantum() == null ? null : MilliWattHours.parseQuantity(request.quantum());
        DeviceView created = QuarkusTransaction.requiringNew().call(() -> {
            if (Device.byId(request.id()).isPresent()) {
                throw new WebApplicationException("a device with id '" + request.id() + "' exists already",
                        Response.Status.CONFLICT);
            }
            Device device = new Device();
            device.id = request.id();
            device.quantumMwh = quantum;
            device.firstSeen = Instant.now();
            device.lastSeen = device.firstSeen;
            device.tags = new String[0];
            device.persist();
            return DeviceView.of(device);
        });
        // announced once committed, so whoever reads it on hearing finds it
        changes.announce(List.of(created.id()));
        return Response.created(java.net.URI.create("/api/devices/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("viewer")
    public DeviceView get(@PathParam("id") String id) {
        return DeviceView.of(existing(id));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("operator")
    public DeviceView patch(@PathParam("id") String id, JsonNode body, @Context SecurityContext caller) {
        DevicePatch patch = DevicePatch.parse(body);
        record Patched(DeviceView view, Optional<EnergySettings> energy) {
        }
        Patched patched = QuarkusTransaction.requiringNew().call(() -> {
            Device device = existing(id);
            patch.applyTo(device);
            Optional<EnergySettings> energy = patch.energy().flatMap(e -> changeEnergy(device, e, caller));
            return new Patched(DeviceView.of(device), energy);
        });
        // the tracker reads with the new settings only once they are stored, so a restart never loses them
        patched.energy().ifPresent(settings -> tracker.configureEnergy(id, settings));
        changes.announce(List.of(id));
        return patched.view();
    }

    /** The new settings if they differ, stored with an event saying who changed what. */
    private static Optional<EnergySettings> changeEnergy(Device device, EnergyPatch patch, SecurityContext caller) {
        EnergySettings before = device.energySettings();
        EnergySettings after = patch.applyTo(before);
        if (after.equals(before)) {
            return Optional.empty();
        }
        device.setEnergySettings(after);
        Device.getEntityManager().createNativeQuery("INSERT INTO device_event (device_pk, at, kind, detail)"
                        + " VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, device.pk).setParameter(2, Instant.now())
                .setParameter(3, DeviceEventKind.ENERGY_SETTINGS_CHANGED.name())
                .setParameter(4, actor(caller) + " set " + describe(after) + " (was " + describe(before) + ")")
                .executeUpdate();
        return Optional.of(after);
    }

    private static String describe(EnergySettings settings) {
        return "energycounter in " + settings.energycounterUnit().map(u -> u.symbol())
                .orElse("the device's declared unit") + ", total from "
                + settings.channel().map(c -> c.describe()).orElse("energycounter");
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Response delete(@PathParam("id") String id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Device device = existing(id);
            Number assignments = (Number) Device.getEntityManager()
                    .createNativeQuery("SELECT count(*) FROM assignment WHERE device_pk = ?1")
                    .setParameter(1, device.pk).getSingleResult();
            if (assignments.longValue() > 0) {
                throw new WebApplicationException("device '" + id + "' has measured circuits; its energy is part of"
                        + " their reports, so it cannot be deleted", Response.Status.CONFLICT);
            }
            tracker.forget(id);
            device.delete();
        });
        changes.announce(List.of(id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/relay")
    @RolesAllowed("operator")
    @Transactional
    public Response relay(@PathParam("id") String id, RelayRequest request, @Context SecurityContext caller) {
        if (request == null || request.on() == null) {
            throw new IllegalArgumentException("the body must be {\"on\": true} or {\"on\": false}");
        }
        Device device = existing(id);
        return send(device, OutboundCommand.power(topicOf(device), request.on()), caller);
    }

    @POST
    @Path("{id}/commands")
    @RolesAllowed("operator")
    @Transactional
    public Response command(@PathParam("id") String id, CommandRequest request, @Context SecurityContext caller) {
        if (request == null || request.command() == null || request.command().isBlank()) {
            throw new IllegalArgumentException("the body must name a console command: {\"command\": \"restart\","
                    + " \"arguments\": \"\"}");
        }
        Device device = existing(id);
        return send(device, OutboundCommand.console(topicOf(device), request.command().strip(), request.arguments()),
                caller);
    }

    @GET
    @Path("{id}/history")
    @RolesAllowed("viewer")
    public List<HistoryEntry> history(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("200") int limit,
                                      @QueryParam("before") Instant before) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000");
        }
        Device device = existing(id);
        var query = before == null
                ? DeviceEvent.<DeviceEvent>find("devicePk = ?1 order by at desc, pk desc", device.pk)
                : DeviceEvent.<DeviceEvent>find("devicePk = ?1 and at < ?2 order by at desc, pk desc", device.pk,
                before);
        return query.page(Page.ofSize(limit)).list().stream()
                .map(e -> new HistoryEntry(e.at, e.kind, e.detail)).toList();
    }

    // the audit row is written in the same transaction as the request: a command that was sent is always recorded
    private Response send(Device device, OutboundCommand command, SecurityContext caller) {
        CommandAudit audit = new CommandAudit();
        audit.at = Instant.now();
        audit.actor = actor(caller);
        audit.deviceId = device.id;
        audit.topic = command.topic();
        audit.payload = command.payload();
        audit.persist();
        Device.flush();
        mqtt.publish(command);
        return Response.accepted(new CommandSent(device.id, command.topic(), command.payload(), audit.at)).build();
    }

    private DeviceTopic topicOf(Device device) {
        String topic = tracker.topicOf(device.id).orElse(device.topic);
        if (topic == null) {
            throw new WebApplicationException("device '" + device.id + "' has never spoken MQTT, so it has no topic"
                    + " to send a command to", Response.Status.CONFLICT);
        }
        return new DeviceTopic(topic);
    }

    private static String actor(SecurityContext caller) {
        return caller.getUserPrincipal() == null ? "unknown" : caller.getUserPrincipal().getName();
    }

    private static Device existing(String id) {
        return Device.byId(id).orElseThrow(() -> new NotFoundException("no device with id '" + id + "'"));
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
