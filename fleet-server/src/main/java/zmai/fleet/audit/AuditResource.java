package zmai.fleet.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Read-only: the audit log has no endpoint that changes it. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog log;

    AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @RolesAllowed("admin")
    public List<AuditLog.Entry> newest(@QueryParam("limit") @DefaultValue("200") int limit,
                                       @QueryParam("before") Instant before) throws SQLException {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000");
        }
        return log.newest(limit, before == null ? Instant.now().plusSeconds(1) : before);
    }
}
