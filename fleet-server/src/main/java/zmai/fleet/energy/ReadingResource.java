package zmai.fleet.energy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import zmai.core.history.HistoryFormat;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/** Imports a reading history: NDJSON or CSV, streamed, every good line stored and accounted before the answer. */
@Path("/api/readings")
public class ReadingResource {

    static final String NDJSON = "application/x-ndjson";

    private final ReadingImport readingImport;

    ReadingResource(ReadingImport readingImport) {
        this.readingImport = readingImport;
    }

    @POST
    @Consumes({NDJSON, "text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public ImportResult importReadings(InputStream body, @HeaderParam("Content-Type") String contentType,
                                       @Context SecurityContext caller) throws IOException, SQLException {
        return readingImport.run(body, formatOf(contentType), caller.getUserPrincipal().getName());
    }

    /** What the content type says; {@code text/plain} leaves it to the first line. */
    static Optional<HistoryFormat> formatOf(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(NDJSON)) {
            return Optional.of(HistoryFormat.NDJSON);
        }
        if (type.startsWith("text/csv")) {
            return Optional.of(HistoryFormat.CSV);
        }
        return Optional.empty();
    }
}
