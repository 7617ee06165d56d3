package zmai.fleet.problem;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.stream.Collectors;

/**
 * A request body that is not JSON, or JSON of the wrong shape, is the caller's mistake: 400 with a message naming
 * the field, without Java class names. Jackson failures while writing a response are ours: 500.
 */
@Provider
public class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    private final UnexpectedExceptionMapper unexpected = new UnexpectedExceptionMapper();

    @Override
    public Response toResponse(JsonProcessingException exception) {
        if (exception instanceof JsonGenerationException || exception instanceof InvalidDefinitionException) {
            return unexpected.toResponse(exception);
        }
        return Problem.of(400, describe(exception)).toResponse();
    }

    static String describe(JsonProcessingException exception) {
        if (exception instanceof JsonParseException) {
            return "request body is not valid JSON" + at(exception.getLocation()) + ": " + exception.getOriginalMessage();
        }
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            if (exception instanceof InvalidFormatException format) {
                return "invalid value for '" + field + "': '" + format.getValue() + "'";
            }
            if (exception instanceof ValueInstantiationException && exception.getCause() != null) {
                return "invalid value for '" + field + "': " + exception.getCause().getMessage();
            }
            return "invalid value for '" + field + "'";
        }
        return "request body does not have the expected JSON shape";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
