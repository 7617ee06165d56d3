package zmai.meter.sim;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import zmai.meter.rn8209.Checksum;
import zmai.meter.rn8209.Register;
import zmai.meter.rn8209.RegisterValue;
import zmai.meter.rn8209.Rn8209Command.SpecialCommand;

/**
 * A transport-free RN8209C: host bytes in (any chunking), the chip's answer bytes out. Behaviour follows
 * specs/rn8209c-and-zmai90.md §5 with the decisions of §8. Time is the injected clock, or later if a test
 * moved the chip on with {@link #advance(Duration)}; energy is integrated over that time from the
 * {@link LoadProfile}. Thread-safe (every public method is synchronized) so a server thread and a test can share it.
 */
public final class SimulatedRn8209c {

    /** The chip's crystal, Hz. */
    public static final double CLKIN_HZ = 3_579_545;
    /** SYSCON[14:8] as read over UART: the strapped 4800 Bd. */
    static final int UART_RATE_BITS = 0x1600;
    private static final int SPECIAL_TARGET = 0xEA;
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final long REFRESH_NANOS_SLOW = Math.round(1e9 / 3.495);
    private static final long REFRESH_NANOS_FAST = Math.round(1e9 / 13.982);
    private static final Duration HARDWARE_RESET_LOW = Duration.ofMillis(25);
    private static final long MASK24 = 0xFF_FFFF;
    private static final double[] CURRENT_A_PGA = {1, 2, 8, 16};
    /** Code 11 taken as ×4 (§8.1). */
    private static final double[] VOLTAGE_PGA = {1, 2, 4, 4};

    private final InstantSource clock;
    private final long seed;
    private final BoardConstants board;
    private final Noise noise;
    private final Duration resetDeafness;
    private final Duration checksumBusy;
    private final Instant origin;

    private LoadProfile profile;
    private Instant profileStart;
    private Instant now;

    private final Map<Register, Long> stored = new EnumMap<>(Register.class);
    private boolean writeEnabled;
    private boolean channelB;
    private long wData;
    private long rData;
    private long interruptFlags;
    private long resetFlags;
    private long energyP;
    private long energyP2;
    /** PFCnt with its fraction: energy in pulse-counter LSBs not yet worth an EnergyP pulse. */
    private double pulseAccumulator;
    private Instant deafUntil;
    private Instant checksumBusyUntil;
    private int publishedChecksum;

    private final byte[] frame = new byte[8];
    private int frameLength;
    private int frameExpected;

    private long importedMilliwattHours;
    private long exportedMilliwattHours;
    private long importedRemainder;
    private long exportedRemainder;

    private SimulatedRn8209c(Builder b) {
        this.clock = b.clock;
        this.seed = b.seed;
        this.board = b.board;
        this.noise = b.noise;
        this.resetDeafness = b.resetDeafness;
        this.checksumBusy = b.checksumBusy;
        this.origin = clock.instant();
        this.now = origin;
        this.profile = b.profile;
        this.profileStart = origin;
        powerOn();
        deafUntil = origin;
        resetFlags = 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------------------------------------- wire

    /** Consumes host bytes and returns what the chip sends back (read answers, concatenated; often empty). */
    public synchronized byte[] receive(byte[] bytes) {
        catchUp();
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (now.isBefore(deafUntil)) {
                frameLength = 0;
                continue;
            }
            answers.writeBytes(consume(b & 0xFF));
        }
        return answers.toByteArray();
    }

    private byte[] consume(int b) {
        if (frameLength == 0) {
            if ((b & 0x80) == 0) {
                return answerRead(b);
            }
            frameExpected = b == SPECIAL_TARGET ? 3 : 2 + widthAt(b & 0x7F);
        }
        frame[frameLength++] = (byte) b;
        if (frameLength < frameExpected) {
            return new byte[0];
        }
        int length = frameLength;
        frameLength = 0;
        if ((frame[length - 1] & 0xFF) != Checksum.of(frame, 0, length - 1)) {
            return new byte[0]; // §8.5: a write with a bad checksum is ignored, silently
        }
        if ((frame[0] & 0xFF) == SPECIAL_TARGET) {
            special(frame[1] & 0xFF);
        } else {
            long value = 0;
            for (int i = 1; i < length - 1; i++) {
                value = value << 8 | frame[i] & 0xFF;
            }
            write(frame[0] & 0x7F, value);
        }
        return new byte[0];
    }

    /** §8.11: undefined addresses 0x18-0x1F are two bytes wide, others three. */
    private static int widthAt(int address) {
        return Register.at(address).map(Register::width).orElse(address >= 0x18 && address <= 0x1F ? 2 : 3);
    }

    private byte[] answerRead(int address) {
        Optional<Register> register = Register.at(address);
        if (register.isEmpty()) {
            byte[] zeros = new byte[widthAt(address) + 1];
            zeros[zeros.length - 1] = (byte) Checksum.ofCommandAnd(address, new byte[zeros.length - 1]);
            return zeros;
        }
        long raw = read(register.get());
        if (register.get() != Register.RDATA) {
            rData = raw;
        }
        return new RegisterValue(register.get(), raw).encodeAnswer();
    }

    private long read(Register register) {
        switch (register) {
            case SYSCON:
                return stored.get(Register.SYSCON) & 0xFF | UART_RATE_BITS;
            case PFCNT:
                return (long) Math.floor(pulseAccumulator) & 0xFFFF;
            case IARMS:
                return measure().iarms();
            case URMS:
                return measure().urms();
            case UFREQ:
                return measure().ufreq();
            case POWERPA:
                return measure().powerPA() & 0xFFFF_FFFFL;
            case POWERQ:
                return measure().powerQ() & 0xFFFF_FFFFL;
            case ENERGYP: {
                long value = energyP;
                if ((stored.get(Register.EMUCON) & 0x8000) != 0) {
                    energyP = 0;
                }
                return value;
            }
            case ENERGYP2: {
                long value = energyP2;
                energyP2 = 0;
                return value;
            }
            case EMUSTATUS:
                return emuStatus();
            case IF: {
                long value = interruptFlags;
                interruptFlags = 0;
                return value;
            }
            case RIF: {
                long value = resetFlags;
                resetFlags = 0;
                return value;
            }
            case SYSSTATUS:
                return writeEnabled ? 0x10 : 0;
            case RDATA:
                return rData;
            case WDATA:
                return wData;
            case DEVICEID:
                return Register.RN8209C_DEVICE_ID;
            default:
                // channel B is unloaded on a ZMAi-90; custom energy, samples: not modelled, read zero
                return stored.getOrDefault(register, 0L);
        }
    }

    private void write(int address, long value) {
        Optional<Register> found = Register.at(address);
        if (found.isEmpty() || !found.get().writable()) {
            return;
        }
        Register register = found.get();
        boolean calibration = register.access() == Register.Access.CALIBRATION;
        if (calibration && !writeEnabled) {
            return;
        }
        if (register == Register.PFCNT) {
            pulseAccumulator = value;
        } else {
            stored.put(register, value);
        }
        wData = value & 0xFFFF;
        if (calibration) {
            checksumBusyUntil = now.plus(checksumBusy);
        }
    }

    private void special(int code) {
        Optional<SpecialCommand> command = SpecialCommand.fromCode(code);
        if (command.isEmpty()) {
            return;
        }
        switch (command.get()) {
            case WRITE_ENABLE:
                writeEnabled = true;
                break;
            case WRITE_PROTECT:
                writeEnabled = false;
                break;
            case SELECT_CHANNEL_A:
                channelB = false;
                break;
            case SELECT_CHANNEL_B:
                channelB = true;
                break;
            case SOFT_RESET:
                softReset();
                break;
            default:
                throw new IllegalStateException(command.get().toString());
        }
    }

    private int emuStatus() {
        boolean busy = now.isBefore(checksumBusyUntil);
        if (!busy) {
            publishedChecksum = calibrationChecksum();
        }
        return publishedChecksum | (busy ? 1 << 16 : 0) | (measure().powerPA() < 0 ? 1 << 17 : 0);
    }

    /** §2.5: NOT of the 16-bit sum of 0x00-0x17 as read back (SYSCON with its UART-rate bits). */
    private int calibrationChecksum() {
        long sum = 0;
        for (Register r : Register.values()) {
            if (r.access() == Register.Access.CALIBRATION) {
                sum += r == Register.SYSCON ? read(r) : stored.get(r);
            }
        }
        return (int) (~sum & 0xFFFF);
    }

    // ---------------------------------------------------------------------------------------------- resets

    private void powerOn() {
        stored.clear();
        for (Register r : Register.values()) {
            if (r.writable()) {
                stored.put(r, r.resetValue());
            }
        }
        writeEnabled = false;
        channelB = false;
        wData = 0;
        rData = 0;
        interruptFlags = 0;
        resetFlags = 1; // which RIF bit a reset sets is unknown (spec §5.1.4 [U]); bit 0 here
        energyP = 0;
        energyP2 = 0;
        pulseAccumulator = 0;
        frameLength = 0;
        checksumBusyUntil = now;
        publishedChecksum = calibrationChecksum();
        deafUntil = now.plus(resetDeafness);
    }

    private void softReset() {
        powerOn();
    }

    /** A reset from outside the UART (brown-out, RST_N): registers to reset values, deaf for a while. */
    public synchronized void reset() {
        catchUp();
        powerOn();
    }

    /** §1.6: the host holding the chip's RX line low for at least 25 ms resets it. */
    public synchronized void holdRxLow(Duration low) {
        if (low.compareTo(HARDWARE_RESET_LOW) >= 0) {
            reset();
        }
    }

    // ---------------------------------------------------------------------------------------------- time

    /** Moves the chip's time on to {@code target}, integrating energy; earlier instants are ignored. */
    public synchronized void advanceTo(Instant target) {
        Instant t = now;
        while (t.isBefore(target)) {
            Instant next = t.plusNanos(refreshNanos());
            if (next.isAfter(target)) {
                next = target;
            }
            integrate(loadAt(t), Duration.between(t, next).toNanos());
            t = next;
        }
        if (target.isAfter(now)) {
            now = target;
        }
    }

    /** Moves the chip's time on by {@code by}, independently of the clock. */
    public synchronized void advance(Duration by) {
        catchUp();
        advanceTo(now.plus(by));
    }

    /** The chip's time: the clock's, or later if moved on with {@link #advance}. */
    public synchronized Instant now() {
        catchUp();
        return now;
    }

    private void catchUp() {
        advanceTo(clock.instant());
    }

    private long refreshNanos() {
        return (stored.get(Register.EMUCON2) & 0x80) != 0 ? REFRESH_NANOS_FAST : REFRESH_NANOS_SLOW;
    }

    private Load loadAt(Instant t) {
        Duration since = Duration.between(profileStart, t);
        return profile.at(since.isNegative() ? Duration.ZERO : since);
    }

    private void integrate(Load load, long nanos) {
        long milliwatts = Math.round(load.watts() * 1000);
        if (milliwatts > 0) {
            importedRemainder += milliwatts * nanos;
            importedMilliwattHours += importedRemainder / NANOS_PER_HOUR;
            importedRemainder %= NANOS_PER_HOUR;
        } else if (milliwatts < 0) {
            exportedRemainder += -milliwatts * nanos;
            exportedMilliwattHours += exportedRemainder / NANOS_PER_HOUR;
            exportedRemainder %= NANOS_PER_HOUR;
        }
        long emucon = stored.get(Register.EMUCON);
        if ((emucon & 1) == 0 || channelB) {
            return; // PRUN off, or channel B (unloaded) feeds the accumulator
        }
        double power = activePowerCounts(load);
        if ((emucon >> 10 & 3) == 1) {
            power = Math.max(0, power); // PMOD 01: positive only
        } else {
            power = Math.abs(power); // PMOD 00/10 (§8.9): reverse power counts upward too
        }
        if (power < stored.get(Register.PSTART) * 256.0) {
            return; // §3.2 creep threshold
        }
        long hfConst = stored.get(Register.HFCONST);
        pulseAccumulator += power * CLKIN_HZ / 0x1p34 * nanos / 1e9;
        if (hfConst == 0) {
            pulseAccumulator = Math.min(pulseAccumulator, 0xFFFF);
            return;
        }
        long pulses = (long) Math.floor(pulseAccumulator / hfConst);
        if (pulses > 0) {
            pulseAccumulator -= pulses * (double) hfConst;
            energyP = energyP + pulses & MASK24;
            energyP2 = energyP2 + pulses & MASK24;
        }
    }

    // ---------------------------------------------------------------------------------------------- signals

    private record Measurement(long urms, long iarms, long ufreq, long powerPA, long powerQ) {
    }

    /** Registers as of the latest refresh (3.495 Hz or 13.982 Hz per EMUCON2.UPMODE), noise seeded per refresh. */
    private Measurement measure() {
        long period = refreshNanos();
        long index = Duration.between(origin, now).toNanos() / period;
        Load load = loadAt(origin.plusNanos(index * period));
        SplittableRandom random = new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L ^ period);
        double voltageGain = voltageGain();
        double currentGain = currentGain();
        double u = board.countsPerVolt() * load.volts() * voltageGain;
        u += gaussian(random) * noise.voltageRelative() * u;
        double i = board.countsPerAmp() * load.amps() * currentGain;
        double iNoise = gaussian(random) * noise.currentCounts();
        double iSquared = i * i + iNoise * iNoise + signed(Register.IARMSOS) * 256.0;
        double p = activePowerCounts(load) + gaussian(random) * noise.powerCounts();
        double q = board.countsPerWatt() * load.vars() * voltageGain * currentGain;
        long ufreq = load.hertz() > 0 ? Math.min(0xFFFF, Math.round(CLKIN_HZ / (8 * load.hertz()))) : 0;
        return new Measurement(rms(u), rms(Math.sqrt(Math.max(0, iSquared))), ufreq, s32(p), s32(q));
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** §3.2: phase correction, offset APOSA, then gain GPQA; ADC gains scale the product (§8.1). */
    private double activePowerCounts(Load load) {
        double watts = load.watts();
        long phs = signed(Register.PHSA);
        if (phs != 0) {
            double angle = Math.atan2(load.vars(), load.watts()) - Math.toRadians(phs * 0.02);
            watts = load.voltAmperes() * Math.cos(angle);
        }
        double raw = board.countsPerWatt() * watts * voltageGain() * currentGain();
        return (raw + signed(Register.APOSA)) * (1 + signed(Register.GPQA) / 32768.0);
    }

    private long signed(Register register) {
        return register.interpret(stored.get(register));
    }

    /** Voltage PGA relative to the reset setting, at which the board constants hold (§8.1). */
    private double voltageGain() {
        return VOLTAGE_PGA[(int) (stored.get(Register.SYSCON) >> 2 & 3)]
                / VOLTAGE_PGA[(int) (Register.SYSCON.resetValue() >> 2 & 3)];
    }

    /** Current-A PGA relative to the reset setting (×16 at SYSCON 0x0003). */
    private double currentGain() {
        return CURRENT_A_PGA[(int) (stored.get(Register.SYSCON) & 3)]
                / CURRENT_A_PGA[(int) (Register.SYSCON.resetValue() & 3)];
    }

    private static long rms(double counts) {
        return Math.min(0x7F_FFFF, Math.max(0, Math.round(counts)));
    }

    private static long s32(double counts) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(counts)));
    }

    // ---------------------------------------------------------------------------------------------- load

    /** Replaces the load from now on. */
    public synchronized void setLoad(Load load) {
        setLoadProfile(LoadProfile.constant(load));
    }

    /** Replaces the load from now on; the profile's time starts now. */
    public synchronized void setLoadProfile(LoadProfile profile) {
        catchUp();
        this.profile = profile;
        this.profileStart = now;
    }

    // ---------------------------------------------------------------------------------------------- truth

    /** The energy that truly flowed to the load since the chip was created, whole mWh (exact for loads in whole mW). */
    public synchronized long importedMilliwattHours() {
        catchUp();
        return importedMilliwattHours;
    }

    /** The energy that truly flowed back to the grid (negative power), whole mWh. */
    public synchronized long exportedMilliwattHours() {
        catchUp();
        return exportedMilliwattHours;
    }

    /** A register's current raw content without the side effects of a read over the wire (no clear-on-read). */
    public synchronized long peek(Register register) {
        catchUp();
        switch (register) {
            case ENERGYP:
                return energyP;
            case ENERGYP2:
                return energyP2;
            case IF:
                return interruptFlags;
            case RIF:
                return resetFlags;
            case EMUSTATUS:
                return (now.isBefore(checksumBusyUntil) ? publishedChecksum | 1 << 16 : calibrationChecksum())
                        | (measure().powerPA() < 0 ? 1 << 17 : 0);
            default:
                return read(register);
        }
    }

    // ---------------------------------------------------------------------------------------------- builder

    public static final class Builder {
        private InstantSource clock = InstantSource.system();
        private long seed;
        private BoardConstants board = BoardConstants.ZMAI_90;
        private Noise noise = Noise.NONE;
        private LoadProfile profile = LoadProfile.constant(Load.idle(230, 50));
        private Duration resetDeafness = Duration.ofMillis(250);
        private Duration checksumBusy = Duration.ofMillis(5);

        private Builder() {
        }

        /** The chip's time source; default the system clock. A {@link ManualClock} for tests. */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** Seed of the measurement noise; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder board(BoardConstants board) {
            this.board = board;
            return this;
        }

        /** Default {@link Noise#NONE}: exact registers. */
        public Builder noise(Noise noise) {
            this.noise = noise;
            return this;
        }

        /** Default: 230 V, 50 Hz, nothing connected. */
        public Builder load(Load load) {
            return load(LoadProfile.constant(load));
        }

        public Builder load(LoadProfile profile) {
            this.profile = profile;
            return this;
        }

        /** How long the chip ignores the UART after a reset; default 250 ms (§8.10). */
        public Builder resetDeafness(Duration resetDeafness) {
            this.resetDeafness = resetDeafness;
            return this;
        }

        /** How long EMUStatus.ChksumBusy stays set after a calibration write; default 5 ms. */
        public Builder checksumBusy(Duration checksumBusy) {
            this.checksumBusy = checksumBusy;
            return this;
        }

        public SimulatedRn8209c build() {
            return new SimulatedRn8209c(this);
        }
    }
}
