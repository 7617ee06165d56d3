package zmai.fleet.auth;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/** Token management, for admins only. Also declares the bearer scheme, so Swagger UI can send a token. */
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "zf_<id>_<secret>", description = "An API token; see POST /api/tokens")
@Path("/api/tokens")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class);

    /** The body of POST /api/tokens; {@code expiresAt} is optional. */
    public record NewToken(String name, String role, Instant expiresAt) {
    }

    @Inject
    ApiTokens tokens;

    @Inject
    SecurityIdentity caller;

    @GET
    public List<TokenView> list() {
        return tokens.list();
    }

    /** Answers the plain token once; only its hash is kept. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewToken body) {
        if (body == null) {
            throw new IllegalArgumentException("send {\"name\": ..., \"role\": ..., \"expiresAt\": optional}");
        }
        if (body.role() == null) {
            throw new IllegalArgumentException("a token needs a role: viewer, operator or admin");
        }
        Role role = Role.parse(body.role());
        if (body.expiresAt() != null && !body.expiresAt().isAfter(tokens.now())) {
            throw new IllegalArgumentException("expiresAt must be in the future");
        }
        IssuedToken issued = tokens.issue(body.name(), role, body.expiresAt());
        LOG.infof("%s issued token '%s' (%s, role %s)", caller.getPrincipal().getName(), issued.name(), issued.id(),
                role.wireName());
        return Response.created(UriBuilder.fromResource(TokenResource.class).path(issued.id()).build())
                .entity(issued)
                .build();
    }

    @DELETE
    @Path("{id}")
    public void revoke(@PathParam("id") String id) {
        TokenView revoked = tokens.revoke(id).orElseThrow(() -> new NotFoundException("no token '" + id + "'"));
        LOG.infof("%s revoked token '%s' (%s)", caller.getPrincipal().getName(), revoked.name(), id);
    }
}
