package zmai.fleet.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem detail: what every error of the HTTP API looks like, so clients need one parser for all of
 * them. {@code type} is {@code about:blank} unless a problem has a page of its own; then {@code title} is the
 * status's reason phrase and {@code detail} says what went wrong with this request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
    }

    /** A problem of the generic {@code about:blank} type, titled with the status's reason phrase. */
    public static Problem of(int status, String detail) {
        return new Problem("about:blank", reasonPhrase(status), status, detail, null);
    }

    /** A response builder carrying this problem with its status and media type; callers may add headers. */
    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA_TYPE).entity(this);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    private static String reasonPhrase(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}
