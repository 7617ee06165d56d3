package zmai.fleet.ota;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import zmai.core.ota.OtaState;
import zmai.fleet.config.FleetConfig;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Firmware rollouts: create, watch, and steer them ({@code start|pause|resume|cancel|retry-failed}). */
@Path("/api/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    /** How many devices a selection preview names. */
    static final int PREVIEW_SAMPLE = 20;

    private final RolloutStore rollouts;
    private final DeviceSelection selection;
    private final AgroalDataSource dataSource;
    private final ImageUrls urls;
    private final FleetConfig config;

    RolloutResource(RolloutStore rollouts, DeviceSelection selection, AgroalDataSource dataSource, ImageUrls urls,
                    FleetConfig config) {
        this.config = config;
        this.rollouts = rollouts;
        this.selection = selection;
        this.dataSource = dataSource;
        this.urls = urls;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Response create(RolloutRequest request, @Context SecurityContext caller) throws SQLException {
        RolloutRow created = rollouts.create(requireBody(request), actor(caller));
        return Response.created(URI.create("/api/rollouts/" + created.id())).entity(view(created)).build();
    }

    /** What a request would select, without creating anything. */
    public record Preview(int devices, List<String> sample, String imageBaseUrl) {
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Preview preview(RolloutRequest request) throws SQLException {
        RolloutSpec spec = RolloutSpec.of(requireBody(request), config.ota());
        try (Connection c = dataSource.getConnection()) {
            RolloutStore.Image image = rollouts.image(c, spec.firmwareId());
            List<DeviceSelection.Candidate> devices = selection.resolve(c, request, image.chip());
            return new Preview(devices.size(), devices.stream().limit(PREVIEW_SAMPLE)
                    .map(DeviceSelection.Candidate::id).toList(), urls.base().toString());
        }
    }

    @GET
    @RolesAllowed("viewer")
    public List<RolloutView> list() throws SQLException {
        List<RolloutView> views = new ArrayList<>();
        for (RolloutRow r : rollouts.list()) {
            views.add(view(r));
        }
        return views;
    }

    @GET
    @Path("{id}")
    @RolesAllowed("viewer")
    public RolloutView get(@PathParam("id") String id) throws SQLException {
        return view(rollouts.get(id));
    }

    @GET
    @Path("{id}/devices")
    @RolesAllowed("viewer")
    public List<RolloutDeviceView> devices(@PathParam("id") String id, @QueryParam("state") String state,
                                           @QueryParam("wave") Integer wave,
                                           @QueryParam("limit") @DefaultValue("100") int limit,
                                           @QueryParam("offset") @DefaultValue("0") int offset) throws SQLException {
        if (limit < 1 || limit > 10_000 || offset < 0) {
            throw new IllegalArgumentException("limit must be 1..10000 and offset not negative");
        }
        Optional<OtaState> wanted = Optional.ofNullable(state).map(RolloutResource::state);
        RolloutRow r = rollouts.get(id);
        try (Connection c = dataSource.getConnection()) {
            return RolloutDeviceView.page(c, r, wanted, Optional.ofNullable(wave), limit, offset);
        }
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed("operator")
    public RolloutView start(@PathParam("id") String id, @Context SecurityContext caller) throws SQLException {
        return view(rollouts.start(id, actor(caller)));
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed("operator")
    public RolloutView pause(@PathParam("id") String id, @Context SecurityContext caller) throws SQLException {
        return view(rollouts.pause(id, actor(caller)));
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed("operator")
    public RolloutView resume(@PathParam("id") String id, @Context SecurityContext caller) throws SQLException {
        return view(rollouts.resume(id, actor(caller)));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed("operator")
    public RolloutView cancel(@PathParam("id") String id, @Context SecurityContext caller) throws SQLException {
        return view(rollouts.cancel(id, actor(caller)));
    }

    @POST
    @Path("{id}/retry-failed")
    @RolesAllowed("operator")
    public RolloutView retryFailed(@PathParam("id") String id, @Context SecurityContext caller) throws SQLException {
        return view(rollouts.retryFailed(id, actor(caller)));
    }

    private RolloutView view(RolloutRow r) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return RolloutView.of(r, RolloutDevices.tally(c, r.pk()));
        }
    }

    private static RolloutRequest requireBody(RolloutRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("the request needs a JSON body");
        }
        return request;
    }

    private static OtaState state(String name) {
        try {
            return OtaState.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'state' must be one of " + List.of(OtaState.values()) + ", not '"
                    + name + "'");
        }
    }

    private static String actor(SecurityContext caller) {
        return caller.getUserPrincipal() == null ? "unknown" : caller.getUserPrincipal().getName();
    }
}
