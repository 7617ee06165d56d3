package zmai.fleet.auth;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Tells a caller who its token says it is; harmless, so any valid token may ask. */
@Path("/api/whoami")
@Authenticated
public class WhoamiResource {

    /** {@code roles} lists every role the token holds, its own and those below it. */
    public record Whoami(String name, Role role, List<String> roles) {
    }

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Whoami whoami() {
        Role role = identity.getAttribute(ApiTokenIdentityProvider.ROLE_ATTRIBUTE);
        return new Whoami(identity.getPrincipal().getName(), role, identity.getRoles().stream().sorted().toList());
    }
}
