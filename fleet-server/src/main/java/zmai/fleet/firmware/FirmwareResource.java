package zmai.fleet.firmware;

import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import zmai.core.Abbreviated;
import zmai.core.meter.ChipFamily;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The firmware repository: OTA packages and serial images, checked on upload and stored by content hash. */
@Path("/api/firmware")
@Produces(MediaType.APPLICATION_JSON)
public class FirmwareResource {

    /** Twice the biggest image a BK7231 can hold; a bigger body is refused before it is all read. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final FirmwareStore store;

    FirmwareResource(FirmwareStore store) {
        this.store = store;
    }

    /**
     * Uploads an image as the raw request body. {@code filename} gives the kind, chip family and version;
     * {@code chip}, when given, is the family the operator means it for, and a file for another is refused.
     */
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed("operator")
    public Response upload(InputStream body, @QueryParam("filename") String filename, @QueryParam("chip") String chip,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                           @Context SecurityContext caller, @Context RoutingContext exchange) throws IOException {
        if (contentLength != null && contentLength > MAX_BODY) {
            throw tooLarge(exchange, contentLength);
        }
        FirmwareName name = FirmwareName.parse(filename, expectedChip(chip));
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw tooLarge(exchange, contentLength);
        }
        FirmwareCheck.Checked checked = FirmwareCheck.check(name, bytes);
        FirmwareView stored = store.add(checked, bytes, caller.getUserPrincipal().getName());
        return Response.created(URI.create("/api/firmware/" + stored.id())).entity(stored).build();
    }

    @GET
    @RolesAllowed("viewer")
    public List<FirmwareView> list() {
        return store.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("viewer")
    public FirmwareView get(@PathParam("id") String id) {
        return store.get(id);
    }

    @GET
    @Path("{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed("viewer")
    public Response content(@PathParam("id") String id) {
        FirmwareStore.Download download = store.content(id);
        // file names are checked on upload to be plain (no quotes, slashes or spaces), so they need no escaping
        return Response.ok(download.bytes(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + download.filename() + "\"")
                .build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("operator")
    public Response delete(@PathParam("id") String id, @Context SecurityContext caller) {
        store.delete(id, caller.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    private static Optional<ChipFamily> expectedChip(String chip) {
        if (chip == null || chip.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ChipFamily.fromName(chip.strip()).orElseThrow(() -> new IllegalArgumentException(
                "'chip' must be a chip family such as BK7231N, not '" + Abbreviated.of(chip) + "'")));
    }

    /**
     * Refuses the body. When more than another {@link #MAX_BODY} of it may still come (its length is unknown or
     * bigger), the connection is closed once the answer is out: left open, the server would go on reading the
     * unwanted rest, however big, and queue it in memory. A smaller rest is read, so that a client that only
     * reads the answer after sending everything (as many do) still gets the 413.
     */
    private static WebApplicationException tooLarge(RoutingContext exchange, Long contentLength) {
        Response.ResponseBuilder answer = Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        if (contentLength == null || contentLength > 2L * MAX_BODY) {
            exchange.addBodyEndHandler(written -> exchange.request().connection().close());
            answer.header("Connection", "close");
        }
        return new WebApplicationException("a firmware image is at most " + MAX_BODY / (1024 * 1024) + " MiB",
                answer.build());
    }
}
