package zmai.fleet.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code NotFoundException("no device 'x'")} and its kin become a problem with the exception's status and message.
 * Headers the exception set (for example {@code Allow} on 405) are kept; only the body is replaced.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.getStatus() < 400) {
            return original; // a redirect or the like is not an error
        }
        Response.ResponseBuilder builder = Problem.of(original.getStatus(), detail(exception)).toResponseBuilder();
        original.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    /** The JSON reader reports unparseable bodies as a bare 400 whose cause says what was wrong. */
    private static String detail(WebApplicationException exception) {
        if (exception.getCause() instanceof JsonProcessingException json && exception.getResponse().getStatus() == 400) {
            return JsonBodyExceptionMapper.describe(json);
        }
        return exception.getMessage();
    }
}
