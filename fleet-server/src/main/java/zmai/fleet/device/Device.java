package zmai.fleet.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A meter as the API sees it. The tracked columns are written in batches by the ingest path; the API writes only
 * what a person owns (name, tags, notes).
 */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    public String id;
    public String topic;
    public String mac;
    public String dialect;
    public String name;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] tags;
    public String notes;
    @Column(name = "first_seen")
    public Instant firstSeen;
    @Column(name = "last_seen")
    public Instant lastSeen;
    public boolean online;
    public String build;
    @Column(name = "firmware_version")
    public String firmwareVersion;
    public String chip;
    public String ip;
    public Integer rssi;
    @Column(name = "uptime_seconds")
    public Long uptimeSeconds;
    @Column(name = "free_heap")
    public Long freeHeap;
    public BigDecimal voltage;
    @Column(name = "current_amps")
    public BigDecimal current;
    @Column(name = "power_watts")
    public BigDecimal power;
    @Column(name = "relay_on")
    public Boolean relayOn;
    public int reboots;
    public String conflict;
    /** The counter's resolution; null when the device has not declared one. */
    @Column(name = "quantum_mwh")
    public Long quantumMwh;

    public static Optional<Device> byId(String id) {
        return find("id", id).firstResultOptional();
    }
}
