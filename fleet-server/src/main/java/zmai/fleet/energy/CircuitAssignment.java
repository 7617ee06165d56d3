package zmai.fleet.energy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import zmai.core.circuit.Assignment;

import java.time.Instant;
import java.util.Optional;

/** A meter measuring a circuit over [validFrom, validTo); an open end means it still does. */
@Entity
@Table(name = "assignment")
public class CircuitAssignment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    @Column(name = "circuit_pk")
    public Long circuitPk;
    @Column(name = "device_pk")
    public Long devicePk;
    @Column(name = "valid_from")
    public Instant validFrom;
    @Column(name = "valid_to")
    public Instant validTo;

    Assignment toCore(String deviceId) {
        return new Assignment(deviceId, Circuit.<Circuit>findById(circuitPk).name, validFrom,
                Optional.ofNullable(validTo));
    }

    /** Serialises assignment changes of one meter until the transaction ends. */
    static void lockDevice(long devicePk) {
        getEntityManager().createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(?1)) AS locked")
                .setParameter(1, devicePk).getSingleResult();
    }
}
