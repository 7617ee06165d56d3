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

import zmai.core.energy.ChannelRegister;
import zmai.core.energy.CounterUnit;
import zmai.fleet.tracking.EnergySettings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A meter as the API sees it. The tracked columns are written in batches by the ingest path; the API writes only
 * what a person owns (name, tags, notes, energy settings).
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
    /** The operator's unit of energycounter; null leaves it to the device's declaration, else Wh. */
    @Column(name = "energycounter_unit")
    public String energycounterUnit;
    /** A channel that carries the billed total instead of energycounter, with its divider and unit. */
    @Column(name = "energy_channel")
    public Integer energyChannel;
    @Column(name = "energy_channel_divider")
    public Long energyChannelDivider;
    @Column(name = "energy_channel_unit")
    public String energyChannelUnit;
    /** Written by the ingest path only: an API write must not put back a value it read before. */
    @Column(name = "energycounter_unit_declared", insertable = false, updatable = false)
    public String energycounterUnitDeclared;

    public EnergySettings energySettings() {
        return new EnergySettings(Optional.ofNullable(energycounterUnit).map(Device::unit),
                energyChannel == null ? Optional.empty()
                        : Optional.of(new ChannelRegister(energyChannel, energyChannelDivider, unit(energyChannelUnit))));
    }

    /** Stores the settings; a channel's raw step becomes the counter's quantum, and goes with the channel. */
    public void setEnergySettings(EnergySettings settings) {
        boolean hadChannel = energyChannel != null;
        energycounterUnit = settings.energycounterUnit().map(CounterUnit::symbol).orElse(null);
        Optional<ChannelRegister> channel = settings.channel();
        energyChannel = channel.map(ChannelRegister::channel).orElse(null);
        energyChannelDivider = channel.map(ChannelRegister::divider).orElse(null);
        energyChannelUnit = channel.map(c -> c.unit().symbol()).orElse(null);
        if (channel.isPresent()) {
            quantumMwh = channel.get().quantumMwh();
        } else if (hadChannel) {
            quantumMwh = null;
        }
    }

    private static CounterUnit unit(String symbol) {
        return CounterUnit.fromSymbol(symbol).orElseThrow(() -> new IllegalStateException("unknown unit " + symbol));
    }

    public static Optional<Device> byId(String id) {
        return find("id", id).firstResultOptional();
    }
}
