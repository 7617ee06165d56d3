package zmai.fleet.problem;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

/** Test-only endpoints that fail the ways real resources do. */
@Path("/api/test/problems")
@RolesAllowed("viewer")
public class ProblemProbeResource {

    public record Body(int count) {
    }

    @GET
    @Path("missing/{id}")
    public String missing(@PathParam("id") String id) {
        throw new NotFoundException("no device '" + id + "'");
    }

    @GET
    @Path("bad-request")
    public String badRequest() {
        throw new BadRequestException("the query is unclear");
    }

    @GET
    @Path("illegal-argument")
    public String illegalArgument() {
        throw new IllegalArgumentException("limit must be positive");
    }

    @GET
    @Path("bug")
    public String bug() {
        throw new IllegalStateException("secret internal state");
    }

    @POST
    @Path("body")
    @Consumes(MediaType.APPLICATION_JSON)
    public String body(Body body) {
        return "ok " + body.count();
    }
}
