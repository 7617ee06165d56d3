package zmai.meter.driver;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import zmai.meter.rn8209.Register;
import zmai.meter.rn8209.RegisterValue;
import zmai.meter.rn8209.Rn8209Command.SpecialCommand;

/**
 * Brings an RN8209C into a known configuration and reads it (spec Appendix A, "Recommended init for the Java
 * driver"). The chip's registers are volatile: they are rewritten on every start and whenever the chip's
 * calibration checksum shows it lost them.
 */
public final class Rn8209Driver {

    /** Reset ADC gains, kept so that Ku/Ki/Kp stay valid (spec §8.1); the high byte reads back as UART-rate bits. */
    static final int SYSCON = 0x0003;
    /** PRUN + DRUN, PMOD 00, EnergyCLR 0: EnergyP accumulates and wraps at 2^24 (spec §8.6). */
    static final int EMUCON = 0x0003;
    /** UPMODE 1: RMS and power registers refresh at 13.98 Hz. */
    static final int EMUCON2 = 0x0080;
    static final Duration AFTER_RESET = Duration.ofMillis(300);
    static final int MISMATCHES_BEFORE_REINIT = 3;
    private static final long CHECKSUM_BUSY = 1L << 16;
    private static final long REVERSED = 1L << 17;
    private static final long RMS_INVALID = 1L << 23;
    /** PFCnt counts on while it is read back: at 16 kW and HFConst 0x1000 about 4 counts per 12 ms read. */
    private static final long PFCNT_DRIFT = 256;
    private static final Duration BUSY_POLL = Duration.ofMillis(10);
    private static final int BUSY_POLLS = 50;

    private final Rn8209Client client;
    private final InstantSource clock;
    private final Pause pause;
    private final EnergyRegisterListener energy;
    private Calibration calibration;
    private int expectedChecksum = -1;
    private int mismatches;
    private int initialisations;

    public Rn8209Driver(Rn8209Client client, InstantSource clock, Pause pause, EnergyRegisterListener energy) {
        this.client = client;
        this.clock = clock;
        this.pause = pause;
        this.energy = energy;
    }

    public Rn8209Driver(Rn8209Client client, InstantSource clock, Pause pause) {
        this(client, clock, pause, EnergyRegisterListener.NONE);
    }

    /**
     * Soft reset, identity check, every control and calibration register written and read back, then locked;
     * remembers the chip's checksum of that configuration. EnergyP is read just before the reset so that no
     * counted pulse is lost.
     */
    public void initialise(Calibration calibration) throws ChipException, IOException, InterruptedException {
        this.calibration = calibration;
        long pulseFraction = countBeforeReset();
        client.send(SpecialCommand.SOFT_RESET);
        pause.pause(AFTER_RESET);
        long id = client.read(Register.DEVICEID).raw();
        if (id != Register.RN8209C_DEVICE_ID) {
            throw new ChipException(ChipException.Kind.WRONG_DEVICE, String.format(
                    "%s answers DeviceID 0x%06X, not an RN8209C (0x%06X)", client.describe(), id, Register.RN8209C_DEVICE_ID));
        }
        client.writeEnable();
        for (RegisterValue setting : settings(calibration)) {
            client.writeUnlocked(setting.register(), setting.raw());
        }
        client.writeProtect();
        expectedChecksum = settledChecksum();
        mismatches = 0;
        initialisations++;
        energy.restarted(expectedChecksum);
        if (pulseFraction > 0) {
            // the part of a pulse counted before the reset (DEMO restores PFCnt the same way)
            client.writeCounter(Register.PFCNT, Math.min(pulseFraction, calibration.hfConst() - 1L), PFCNT_DRIFT);
        }
    }

    /** What {@link #initialise} writes, in order. */
    static List<RegisterValue> settings(Calibration c) {
        List<RegisterValue> values = new ArrayList<>();
        values.add(new RegisterValue(Register.SYSCON, SYSCON));
        values.add(new RegisterValue(Register.HFCONST, c.hfConst()));
        values.add(new RegisterValue(Register.PSTART, c.pStart()));
        values.add(new RegisterValue(Register.EMUCON, EMUCON));
        values.add(new RegisterValue(Register.EMUCON2, EMUCON2));
        values.add(signed(Register.GPQA, c.gpqa()));
        values.add(signed(Register.APOSA, c.aposa()));
        values.add(signed(Register.IARMSOS, c.iarmsos()));
        values.add(signed(Register.PHSA, c.phsa()));
        return values;
    }

    private static RegisterValue signed(Register register, int value) {
        return new RegisterValue(register, value & register.mask());
    }

    /** One poll: URMS, IARMS, PowerPA, UFreq, EnergyP, EMUStatus. Re-initialises a chip that lost its setup. */
    public Reading read() throws ChipException, IOException, InterruptedException {
        requireInitialised();
        RawSample raw = readRaw();
        long energyPulses = client.read(Register.ENERGYP).raw();
        long status = client.read(Register.EMUSTATUS).raw();
        boolean busy = (status & CHECKSUM_BUSY) != 0;
        int checksum = busy ? expectedChecksum : (int) (status & 0xFFFF);
        Reading reading = new Reading(clock.instant(), calibration.volts(raw.urms()), calibration.amps(raw.iarms()),
                calibration.watts(raw.powerPa()),
                Reading.powerFactor(calibration.volts(raw.urms()), calibration.amps(raw.iarms()), calibration.watts(raw.powerPa())),
                hertz(raw.ufreq()), energyPulses, checksum, (status & REVERSED) != 0);
        energy.counted(energyPulses, checksum);
        mismatches = checksum == expectedChecksum ? 0 : mismatches + 1;
        if (mismatches >= MISMATCHES_BEFORE_REINIT) {
            initialise(calibration);
        }
        return reading;
    }

    /** The measurement registers alone, for calibration. */
    public RawSample readRaw() throws ChipException, IOException, InterruptedException {
        long urms = rms(client.read(Register.URMS).raw());
        long iarms = rms(client.read(Register.IARMS).raw());
        long powerPa = client.read(Register.POWERPA).value();
        long ufreq = client.read(Register.UFREQ).raw();
        return new RawSample(urms, iarms, powerPa, ufreq);
    }

    /** Raw register values; RMS values with bit 23 set are already zeroed. */
    public record RawSample(long urms, long iarms, long powerPa, long ufreq) {
    }

    public Calibration calibration() {
        return calibration;
    }

    /** EMUStatus[15:0] right after the last initialisation. */
    public int expectedChecksum() {
        return expectedChecksum;
    }

    /** How often the chip was set up, including the first time. */
    public int initialisations() {
        return initialisations;
    }

    public Rn8209Client client() {
        return client;
    }

    /** Hands the last EnergyP before a reset to the listener; returns PFCnt, the pulse in progress, or 0. */
    private long countBeforeReset() throws IOException, InterruptedException {
        try {
            long pulses = client.read(Register.ENERGYP).raw();
            long fraction = client.read(Register.PFCNT).raw();
            long status = client.read(Register.EMUSTATUS).raw();
            if ((status & CHECKSUM_BUSY) != 0) {
                return 0;
            }
            energy.counted(pulses, (int) (status & 0xFFFF));
            return fraction;
        } catch (ChipException e) {
            // a silent or garbled chip is diagnosed by the DeviceID check right after the reset
            return 0;
        }
    }

    private int settledChecksum() throws ChipException, IOException, InterruptedException {
        for (int poll = 0; poll < BUSY_POLLS; poll++) {
            long status = client.read(Register.EMUSTATUS).raw();
            if ((status & CHECKSUM_BUSY) == 0) {
                return (int) (status & 0xFFFF);
            }
            pause.pause(BUSY_POLL);
        }
        throw new ChipException(ChipException.Kind.CHECKSUM_BUSY, client.describe() + ": EMUStatus stayed busy after setup");
    }

    private void requireInitialised() {
        if (calibration == null) {
            throw new IllegalStateException("initialise the driver before reading");
        }
    }

    private static long rms(long raw) {
        return (raw & RMS_INVALID) != 0 ? 0 : raw;
    }

    private static double hertz(long ufreq) {
        return ufreq == 0 ? 0 : Calibration.CLKIN_HZ / (8.0 * ufreq);
    }
}
