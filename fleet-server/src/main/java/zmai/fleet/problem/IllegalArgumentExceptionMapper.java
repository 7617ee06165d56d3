package zmai.fleet.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Resources reject bad input by throwing {@link IllegalArgumentException} with a message meant for the caller. */
@Provider
public class IllegalArgumentExceptionMapper implements ExceptionMapper<IllegalArgumentException> {

    @Override
    public Response toResponse(IllegalArgumentException exception) {
        String detail = exception.getMessage() == null ? "invalid request" : exception.getMessage();
        return Problem.of(400, detail).toResponse();
    }
}
