package zmai.meter.driver;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns successive EnergyP reads into a lifetime counter in milli-watt-hours, loss-free: the register
 * accumulates and wraps at 2^24, so each read adds the modular difference to the previous one, and the fraction
 * of a milli-watt-hour left over is carried to the next read. With a state file every change is persisted
 * (temp file + move), so a restart of the process neither loses nor double-counts pulses.
 * <p>
 * A changed chip checksum means the chip was reset behind our back (brown-out, power cycle): its EnergyP
 * started again from zero, so the new value is counted whole instead of as a wrap.
 */
public final class EnergyAccumulator implements EnergyRegisterListener {

    static final long MODULUS = 1L << 24;
    private static final long MILLIWATTHOURS_PER_TENTH_KWH = 100_000;

    private final BigDecimal milliWattHoursPerPulse;
    private final Optional<Path> stateFile;
    private final ObjectMapper json = new ObjectMapper();
    private EnergyState state;

    private EnergyAccumulator(BigDecimal milliWattHoursPerPulse, Optional<Path> stateFile, EnergyState state) {
        this.milliWattHoursPerPulse = milliWattHoursPerPulse;
        this.stateFile = stateFile;
        this.state = state;
    }

    public static EnergyAccumulator inMemory(BigDecimal milliWattHoursPerPulse) {
        return new EnergyAccumulator(milliWattHoursPerPulse, Optional.empty(), EnergyState.empty());
    }

    /** Continues from {@code stateFile} if it exists. */
    public static EnergyAccumulator open(Path stateFile, BigDecimal milliWattHoursPerPulse) throws IOException {
        EnergyState state = EnergyState.empty();
        if (Files.exists(stateFile)) {
            try {
                state = new ObjectMapper().readValue(stateFile.toFile(), EnergyState.class);
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("cannot read energy state " + stateFile + ": " + e.getMessage(), e);
            }
        }
        return new EnergyAccumulator(milliWattHoursPerPulse, Optional.of(stateFile), state);
    }

    @Override
    public void counted(long energyPulses, int checksum) throws IOException {
        if (energyPulses < 0 || energyPulses >= MODULUS) {
            throw new IllegalArgumentException("EnergyP is 24 bits wide: " + energyPulses);
        }
        long pulses;
        if (state.lastEnergyPulses() < 0) {
            pulses = 0;   // nothing known about what came before this first read
        } else if (checksum != state.checksum()) {
            pulses = energyPulses;   // the chip was reset and counts from zero again
        } else {
            pulses = Math.floorMod(energyPulses - state.lastEnergyPulses(), MODULUS);
        }
        if (pulses == 0 && energyPulses == state.lastEnergyPulses() && checksum == state.checksum()) {
            return;
        }
        BigDecimal exact = state.carryMilliWattHours().add(milliWattHoursPerPulse.multiply(BigDecimal.valueOf(pulses)));
        BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
        update(new EnergyState(Math.addExact(state.lifetimeMilliWattHours(), whole.longValueExact()),
                exact.subtract(whole), energyPulses, checksum));
    }

    @Override
    public void restarted(int checksum) throws IOException {
        update(new EnergyState(state.lifetimeMilliWattHours(), state.carryMilliWattHours(), 0, checksum));
    }

    public long lifetimeMilliWattHours() {
        return state.lifetimeMilliWattHours();
    }

    /** The counter as a ZMAi-90 shows it, in 0.1 kWh steps: floor(mWh / 100 000). */
    public long tenthKilowattHours() {
        return state.lifetimeMilliWattHours() / MILLIWATTHOURS_PER_TENTH_KWH;
    }

    public EnergyState state() {
        return state;
    }

    private void update(EnergyState next) throws IOException {
        state = next;
        if (stateFile.isPresent()) {
            AtomicFile.write(stateFile.get(), json.writeValueAsBytes(next));
        }
    }
}
