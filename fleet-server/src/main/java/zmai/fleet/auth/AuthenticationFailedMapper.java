package zmai.fleet.auth;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import zmai.fleet.problem.Problem;

/**
 * A token was presented and refused (401), or the client failed too often lately (429). These failures happen
 * while authenticating, before the resource is chosen, and {@link BearerAuthMechanism#getChallenge} has set the
 * headers by then ({@code WWW-Authenticate}, {@code Retry-After}); setting them here again would send them twice.
 */
@Provider
public class AuthenticationFailedMapper implements ExceptionMapper<AuthenticationFailedException> {

    @Override
    public Response toResponse(AuthenticationFailedException exception) {
        Object retryAfter = exception.getAttribute(BearerAuthMechanism.RETRY_AFTER_ATTRIBUTE);
        if (retryAfter != null) {
            return Problem.of(429, exception.getMessage()).toResponse();
        }
        String detail = exception.getMessage() == null ? "invalid bearer token" : exception.getMessage();
        return Problem.of(401, detail).toResponse();
    }
}
