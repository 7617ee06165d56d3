package zmai.meter.driver;

import java.io.IOException;
import java.time.Duration;

import zmai.core.link.LinkTimeoutException;
import zmai.core.link.SerialLink;
import zmai.meter.rn8209.FrameException;
import zmai.meter.rn8209.Register;
import zmai.meter.rn8209.RegisterValue;
import zmai.meter.rn8209.Rn8209Command;
import zmai.meter.rn8209.Rn8209Command.ReadRegister;
import zmai.meter.rn8209.Rn8209Command.SpecialCommand;
import zmai.meter.rn8209.Rn8209Command.WriteRegister;

/**
 * One RN8209C transaction at a time over a {@link SerialLink}: drain stale input, send, read exactly the answer,
 * check it, retry with back-off. Writes are never acknowledged by the chip, so every write is read back.
 * Not thread-safe.
 */
public final class Rn8209Client {

    /** Start, 8 data, parity, stop: 11 bit times per byte at 8E1. */
    private static final int BITS_PER_BYTE = 11;
    /** Scheduling, USB-serial latency and a TCP bridge's round trip on top of the wire time. */
    private static final Duration SLACK = Duration.ofMillis(50);
    static final int RETRIES = 3;
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(25);
    static final int SYSSTATUS_WRITE_ENABLED = 0x10;

    private final SerialLink link;
    private final Pause pause;
    private final int baud;

    public Rn8209Client(SerialLink link, Pause pause) {
        this.link = link;
        this.pause = pause;
        this.baud = link.baudRate() > 0 ? link.baudRate() : 4800;
    }

    public String describe() {
        return link.describe();
    }

    /** The register's bits as the chip answered them, after up to {@value #RETRIES} retries. */
    public RegisterValue read(Register register) throws ChipException, IOException, InterruptedException {
        ReadRegister command = new ReadRegister(register);
        Duration timeout = timeoutFor(command);
        int silent = 0;
        Exception last = null;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (attempt > 0) {
                pause.pause(FIRST_BACK_OFF.multipliedBy(1L << (attempt - 1)));
            }
            link.discardInput();
            link.write(command.encode());
            try {
                return RegisterValue.decode(register, link.read(command.answerLength(), timeout));
            } catch (LinkTimeoutException e) {
                if (e.received().length == 0) {
                    silent++;
                }
                last = e;
            } catch (FrameException e) {
                last = e;
            }
        }
        if (silent == RETRIES + 1) {
            throw new ChipException(ChipException.Kind.NO_ANSWER, "no answer from the RN8209C on " + link.describe()
                    + " reading " + register + ": check TX/RX and 4800 8E1", last);
        }
        throw new ChipException(ChipException.Kind.BAD_ANSWERS, "the RN8209C on " + link.describe() + " kept failing to read "
                + register + " (" + (RETRIES + 1) + " attempts): " + last.getMessage(), last);
    }

    /** Sends a special command ({@code EA xx}); the chip does not answer. */
    public void send(SpecialCommand command) throws IOException {
        link.discardInput();
        link.write(command.encode());
        link.awaitWritten();
    }

    /** Unlocks the calibration block and checks SysStatus bit 4 says so. */
    public void writeEnable() throws ChipException, IOException, InterruptedException {
        setWriteEnabled(true);
    }

    /** Locks the calibration block again and checks SysStatus bit 4 says so. */
    public void writeProtect() throws ChipException, IOException, InterruptedException {
        setWriteEnabled(false);
    }

    private void setWriteEnabled(boolean enabled) throws ChipException, IOException, InterruptedException {
        SpecialCommand command = enabled ? SpecialCommand.WRITE_ENABLE : SpecialCommand.WRITE_PROTECT;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            send(command);
            boolean flag = (read(Register.SYSSTATUS).raw() & SYSSTATUS_WRITE_ENABLED) != 0;
            if (flag == enabled) {
                return;
            }
        }
        throw new ChipException(ChipException.Kind.WRITE_ENABLE_FAILED, "the RN8209C on " + link.describe()
                + " did not " + (enabled ? "unlock" : "lock") + " its calibration registers (SysStatus bit 4)");
    }

    /**
     * Writes and reads back; calibration registers are unlocked for the write and locked again afterwards.
     *
     * @throws ChipException {@link ChipException.Kind#WRITE_NOT_TAKEN} when the value does not read back
     */
    public void write(Register register, long value) throws ChipException, IOException, InterruptedException {
        boolean calibration = register.access() == Register.Access.CALIBRATION;
        if (calibration) {
            writeEnable();
        }
        writeUnlocked(register, value);
        if (calibration) {
            writeProtect();
        }
    }

    /** Writes and reads back, assuming the caller has unlocked the calibration block where needed. */
    public void writeUnlocked(Register register, long value) throws ChipException, IOException, InterruptedException {
        WriteRegister command = new WriteRegister(register, value);
        long readBack = -1;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (attempt > 0) {
                pause.pause(FIRST_BACK_OFF.multipliedBy(1L << (attempt - 1)));
            }
            link.discardInput();
            link.write(command.encode());
            link.awaitWritten();
            readBack = read(register).raw();
            if (sameAsWritten(register, value, readBack)) {
                return;
            }
        }
        throw new ChipException(ChipException.Kind.WRITE_NOT_TAKEN, String.format(
                "the RN8209C on %s did not take %s = 0x%X: it reads back 0x%X", link.describe(), register, value, readBack));
    }

    /**
     * Writes a counter the chip keeps advancing (PFCnt): the read-back may be ahead of the written value by up to
     * {@code tolerance} counts, never behind.
     */
    public void writeCounter(Register register, long value, long tolerance)
            throws ChipException, IOException, InterruptedException {
        WriteRegister command = new WriteRegister(register, value);
        long readBack = -1;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            link.discardInput();
            link.write(command.encode());
            link.awaitWritten();
            readBack = read(register).raw();
            if (readBack >= value && readBack - value <= tolerance) {
                return;
            }
        }
        throw new ChipException(ChipException.Kind.WRITE_NOT_TAKEN, String.format(
                "the RN8209C on %s did not take %s = 0x%X: it reads back 0x%X", link.describe(), register, value, readBack));
    }

    /** SYSCON's high byte holds the read-only UART-rate strap bits, so only its low byte can be compared. */
    static boolean sameAsWritten(Register register, long written, long readBack) {
        if (register == Register.SYSCON) {
            return (written & 0xFF) == (readBack & 0xFF);
        }
        return written == readBack;
    }

    private Duration timeoutFor(Rn8209Command command) {
        int bytes = command.encode().length + command.answerLength();
        long micros = (long) bytes * BITS_PER_BYTE * 1_000_000L / baud;
        return Duration.ofNanos(micros * 1000).plus(SLACK);
    }
}
