package zmai.fleet.energy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.ZoneId;

/** A metered load (a rack, a PDU, a server) whose months are its own time zone's months. */
@Entity
@Table(name = "circuit")
public class Circuit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    public String name;
    public String timezone;
    @Column(name = "created_at")
    public Instant createdAt;

    zmai.core.circuit.Circuit toCore() {
        return toCore(name, timezone);
    }

    /** A circuit row as {@code core} knows it: its name is its id. */
    static zmai.core.circuit.Circuit toCore(String name, String timezone) {
        return new zmai.core.circuit.Circuit(name, name, ZoneId.of(timezone));
    }
}
