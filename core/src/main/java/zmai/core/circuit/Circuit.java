package zmai.core.circuit;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Something whose energy a user reports, such as {@code waw/rack-a/pdu-1/srv-01}. Its months are local
 * months of the site's time zone.
 */
public record Circuit(String id, String name, ZoneId zone) {

    public Circuit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        if (id.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("a circuit needs an id and a name");
        }
    }
}
