package zmai.fleet.tracking;

import zmai.core.energy.ChannelRegister;
import zmai.core.energy.CounterUnit;

import java.util.Objects;
import java.util.Optional;

/**
 * How an operator says a device's billed energy total is read: the unit of OpenBeken's {@code energycounter}, and
 * optionally a channel that carries the total instead. An empty unit leaves it to what the device declares in its
 * Home Assistant discovery, else Wh.
 */
public record EnergySettings(Optional<CounterUnit> energycounterUnit, Optional<ChannelRegister> channel) {

    public static final EnergySettings NONE = new EnergySettings(Optional.empty(), Optional.empty());

    public EnergySettings {
        Objects.requireNonNull(energycounterUnit, "energycounterUnit");
        Objects.requireNonNull(channel, "channel");
        if (energycounterUnit.isPresent() && energycounterUnit.get() != CounterUnit.WH
                && energycounterUnit.get() != CounterUnit.KWH) {
            throw new IllegalArgumentException("OpenBeken's energycounter is in Wh or kWh (flag 40), not "
                    + energycounterUnit.get().symbol());
        }
    }

    /** The unit {@code energycounter} is read in: the operator's, else the device's own word, else Wh. */
    public CounterUnit energycounterUnit(CounterUnit declared) {
        return energycounterUnit.orElse(declared == null ? CounterUnit.WH : declared);
    }

    /**
     * How the billed total is read, e.g. {@code energycounter in kWh} or {@code channel 3 / 10 in kWh}; when it
     * changes, the next reading cannot be compared with the last one.
     */
    public String basis(CounterUnit declared) {
        return channel.map(ChannelRegister::describe).orElse("energycounter in " + energycounterUnit(declared).symbol());
    }
}
