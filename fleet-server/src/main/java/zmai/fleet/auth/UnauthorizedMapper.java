package zmai.fleet.auth;

import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import zmai.fleet.problem.Problem;

/** No token at all on a call that needs one. */
@Provider
public class UnauthorizedMapper implements ExceptionMapper<UnauthorizedException> {

    @Override
    public Response toResponse(UnauthorizedException exception) {
        return Problem.of(401, "this call needs a token: send 'Authorization: Bearer <token>'").toResponseBuilder()
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerAuthMechanism.CHALLENGE)
                .build();
    }
}
