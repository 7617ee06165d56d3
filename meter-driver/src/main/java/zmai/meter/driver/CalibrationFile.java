package zmai.meter.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** A {@link Calibration} as a small JSON file, written atomically. */
public final class CalibrationFile {

    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
    private final Path path;

    public CalibrationFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public Calibration load() throws IOException {
        try {
            return json.readValue(path.toFile(), Calibration.class);
        } catch (IOException e) {
            throw new IOException("cannot read calibration " + path + ": " + e.getMessage(), e);
        }
    }

    public void save(Calibration calibration) throws IOException {
        AtomicFile.write(path, json.writeValueAsBytes(calibration));
    }

    /** Loads the file when it exists, else the §4.5 defaults. */
    public Calibration loadOrDefaults() throws IOException {
        return Files.exists(path) ? load() : Calibration.defaults();
    }
}
