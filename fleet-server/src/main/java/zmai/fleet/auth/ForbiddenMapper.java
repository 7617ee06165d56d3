package zmai.fleet.auth;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import zmai.fleet.problem.Problem;

/** A valid token whose role is too small for the call. */
@Provider
public class ForbiddenMapper implements ExceptionMapper<ForbiddenException> {

    @Inject
    SecurityIdentity identity;

    @Override
    public Response toResponse(ForbiddenException exception) {
        Role role = identity.isAnonymous() ? null : identity.getAttribute(ApiTokenIdentityProvider.ROLE_ATTRIBUTE);
        String detail = role == null
                ? "this call is not allowed with the token given"
                : "token '" + identity.getPrincipal().getName() + "' has the role " + role.wireName()
                        + ", which does not allow this call";
        return Problem.of(403, detail).toResponse();
    }
}
