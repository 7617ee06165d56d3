package zmai.fleet.energy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import zmai.core.energy.CounterState;

import java.util.Objects;

/** The accountant's state as stored in a checkpoint: JSON, so that it stays readable when debugging a meter. */
public final class StateCodec {

    private final ObjectMapper json;

    /** @param json a mapper that knows {@code java.time} and {@code Optional} (as Quarkus's does) */
    public StateCodec(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    public String write(CounterState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write accountant state: " + e.getMessage(), e);
        }
    }

    public CounterState read(String text) {
        try {
            return json.readValue(text, CounterState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored accountant state cannot be read: " + e.getMessage(), e);
        }
    }
}
