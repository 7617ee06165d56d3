package zmai.fleet.device;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A JSON merge patch of what a person owns on a device: a field that is present is set (null clears it), a field
 * that is absent is left alone, any other field is an error. {@code energy} says how the energy total is read
 * ({@link EnergyPatch}).
 */
record DevicePatch(Optional<Optional<String>> name, Optional<List<String>> tags, Optional<Optional<String>> notes,
                   Optional<EnergyPatch> energy) {

    static final int MAX_NAME = 100;
    static final int MAX_NOTES = 4000;
    static final int MAX_TAGS = 32;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,39}");

    static DevicePatch parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with any of name, tags, notes,"
                    + " energy");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!List.of("name", "tags", "notes", "energy").contains(field)) {
                throw new IllegalArgumentException("'" + field + "' cannot be changed; only name, tags, notes and"
                        + " energy");
            }
        });
        Optional<EnergyPatch> energy = body.has("energy") ? Optional.of(EnergyPatch.parse(body.get("energy")))
                : Optional.empty();
        return new DevicePatch(text(body, "name", MAX_NAME), tags(body), text(body, "notes", MAX_NOTES), energy);
    }

    void applyTo(Device device) {
        name.ifPresent(n -> device.name = n.orElse(null));
        tags.ifPresent(t -> device.tags = t.toArray(String[]::new));
        notes.ifPresent(n -> device.notes = n.orElse(null));
    }

    private static Optional<Optional<String>> text(JsonNode body, String field, int max) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!value.isTextual() || value.asText().length() > max) {
            throw new IllegalArgumentException("'" + field + "' must be a string of at most " + max + " characters");
        }
        String text = value.asText().strip();
        return Optional.of(text.isEmpty() ? Optional.empty() : Optional.of(text));
    }

    private static Optional<List<String>> tags(JsonNode body) {
        if (!body.has("tags")) {
            return Optional.empty();
        }
        JsonNode value = body.get("tags");
        if (value.isNull()) {
            return Optional.of(List.of());
        }
        if (!value.isArray() || value.size() > MAX_TAGS) {
            throw new IllegalArgumentException("'tags' must be an array of at most " + MAX_TAGS + " tags");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : value) {
            if (!tag.isTextual() || !TAG.matcher(tag.asText()).matches()) {
                throw new IllegalArgumentException("a tag is 1-40 letters, digits, '.', '_', ':' or '-', starting"
                        + " with a letter or digit, not " + tag);
            }
            if (!tags.contains(tag.asText())) {
                tags.add(tag.asText());
            }
        }
        return Optional.of(List.copyOf(tags));
    }
}
