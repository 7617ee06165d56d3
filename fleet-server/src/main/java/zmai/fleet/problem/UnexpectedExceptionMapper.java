package zmai.fleet.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Anything no other mapper claims is a bug or an outage: the caller gets a generic 500 (internals stay in the log,
 * not in the response), and the log gets the stack trace.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Exception exception) {
        LOG.error("Request failed unexpectedly", exception);
        return Problem.of(500, "internal server error; the server log has the details").toResponse();
    }
}
