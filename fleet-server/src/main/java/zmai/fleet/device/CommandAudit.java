package zmai.fleet.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Who sent which command to which device; the API only appends. */
@Entity
@Table(name = "command_audit")
public class CommandAudit extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    public Instant at;
    public String actor;
    @Column(name = "device_id")
    public String deviceId;
    public String topic;
    public String payload;
}
