package zmai.flasher.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The result of a command as one line of JSON on stdout, for {@code --json} and the scripts reading it. */
public final class JsonReport {

    // java.time values as ISO-8601 text ("PT1.5S", "2025-01-31T10:00:00Z"), not numbers
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private JsonReport() {
    }

    /** Prints a record, a Map or a list of them as one line and flushes. */
    public static void print(Object report, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            // only a report type Jackson cannot describe gets here: a bug, not a user error
            throw new UncheckedIOException("cannot write " + report.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }
}
