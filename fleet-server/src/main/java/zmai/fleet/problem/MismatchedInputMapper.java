package zmai.fleet.problem;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON of the wrong shape ({@code "count": "many"}). The JSON extension has its own mapper for exactly this type,
 * which outranks {@link JsonBodyExceptionMapper}; this one outranks it in turn, so the answer is a problem too.
 */
@Provider
public class MismatchedInputMapper implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException exception) {
        return Problem.of(400, JsonBodyExceptionMapper.describe(exception)).toResponse();
    }
}
