package zmai.fleet.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of a device's history, appended by the ingest path. */
@Entity
@Table(name = "device_event")
public class DeviceEvent extends PanacheEntityBase {

    @Id
    public Long pk;
    @Column(name = "device_pk")
    public Long devicePk;
    public Instant at;
    public String kind;
    public String detail;
}
