package zmai.flasher.ops;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;

import zmai.core.meter.ChipFamily;
import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.EraseSize;
import zmai.flasher.protocol.FlashGeometry;
import zmai.flasher.protocol.FlashPart;
import zmai.flasher.protocol.ProtocolType;

/**
 * Flash-level steps shared by the operations: CRC of a range, checked erases and writes, the write
 * protection, and stepping down the line rate when a fast line keeps failing.
 */
public final class FlashAccess {

    /** Rates to fall back through, fastest first. */
    public static final List<Integer> FALLBACK_RATES = List.of(1_500_000, 921_600, 460_800, 230_400, 115_200);
    private static final int FAILURES_BEFORE_SLOWER = 3;
    /** Used when a part is not in the table: the mask bk7231tools applies to every part. */
    private static final int GENERIC_PROTECTION_MASK = 0x407C;

    private final BootloaderSession session;
    private final ChipInfo chip;
    private final boolean slowDownOnErrors;
    private int consecutiveFailures;

    public FlashAccess(BootloaderSession session, ChipInfo chip) {
        this(session, chip, true);
    }

    /** @param slowDownOnErrors drop to a slower rate when garbled answers pile up (errors usually grow with speed) */
    public FlashAccess(BootloaderSession session, ChipInfo chip, boolean slowDownOnErrors) {
        this.session = session;
        this.chip = chip;
        this.slowDownOnErrors = slowDownOnErrors;
    }

    public BootloaderSession session() {
        return session;
    }

    public ChipInfo chip() {
        return chip;
    }

    /** The chip's CheckCRC of {@code [start, start + length)}, in the convention its bootloader uses. */
    public long crc(long start, long length) throws IOException, FlasherException {
        long crc = session.call(chip.protocol().checkCrc(start, length)).crc();
        if (chip.protocol() == ProtocolType.BASIC_TUYA) {
            // T bootloaders re-protect the flash after every CheckCRC; a fresh link check lifts it again
            session.call(new Command.LinkCheck());
        }
        return crc;
    }

    /** Compares {@code bytes} with the chip's CRC of the flash they should equal, in one attempt. */
    public boolean matches(long address, byte[] bytes) throws IOException, AttemptFailed {
        long crc = session.attempt(chip.protocol().checkCrc(address, bytes.length)).crc();
        if (chip.protocol() == ProtocolType.BASIC_TUYA) {
            session.attempt(new Command.LinkCheck());
        }
        return crc == ChipCrc.of(bytes);
    }

    public void erase(Command.FlashErase erase) throws IOException, AttemptFailed {
        requireSucceeded(session.attempt(erase), "erase at 0x" + Long.toHexString(erase.address()));
    }

    public void eraseSector(long address) throws IOException, AttemptFailed {
        erase(new Command.FlashErase(EraseSize.SECTOR_4K, address));
    }

    public void writeSector(long address, byte[] sector) throws IOException, AttemptFailed {
        requireSucceeded(session.attempt(new Command.FlashWrite4K(address, sector)), "write at 0x" + Long.toHexString(address));
    }

    public byte[] readSector(long address) throws IOException, AttemptFailed {
        Answer.FlashBlock block = session.attempt(new Command.FlashRead4K(address));
        requireSucceeded(block, "read at 0x" + Long.toHexString(address));
        return block.data();
    }

    /** One step of an operation that a repeat may fix. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws IOException, FlasherException, AttemptFailed;
    }

    /**
     * Runs {@code step} until it succeeds, at most {@code attempts} times; a line that keeps failing is
     * slowed down in between. The last failure becomes a {@link FlasherException} with {@code failure}.
     */
    public <T> T withRetries(String what, int attempts, ExitCode failure, Step<T> step)
            throws IOException, FlasherException {
        AttemptFailed last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                T result = step.run();
                consecutiveFailures = 0;
                return result;
            } catch (AttemptFailed e) {
                last = e;
                failedAttempt(e);
            }
        }
        throw new FlasherException(last.silentLine() ? ExitCode.NO_LINK : failure, what + ": " + last.getMessage() + " ("
                + attempts + " attempts, the last at " + session.link().baudRate() + " baud)");
    }

    /**
     * Records a failed attempt; after a few garbled ones in a row the line drops to a slower rate. Silence
     * is not a line-quality problem, so it does not slow the line.
     */
    private void failedAttempt(AttemptFailed failure) throws IOException, FlasherException {
        if (!slowDownOnErrors || failure.silentLine() || ++consecutiveFailures < FAILURES_BEFORE_SLOWER) {
            return;
        }
        consecutiveFailures = 0;
        int current = session.link().baudRate();
        for (int slower : FALLBACK_RATES) {
            if (slower < current && session.switchBaud(slower)) {
                return;
            }
        }
    }

    /**
     * Clears the flash's block-protect bits if any of them are set, and checks they read back clear.
     * Only the mask ROM gives access to the status register; BK7231T bootloaders manage protection
     * themselves. Returns the status register as found, to restore it on request.
     */
    public OptionalInt unprotect() throws IOException, FlasherException {
        if (!chip.protocol().hasRegisterAccess()) {
            return OptionalInt.empty();
        }
        int width = chip.flashPart().map(FlashPart::statusBytes).orElse(2);
        int mask = chip.flashPart().map(FlashPart::protectionMask).orElse(GENERIC_PROTECTION_MASK);
        int found = ChipIdentifier.readStatus(session, chip.flashPart());
        if ((found & mask) == 0) {
            return OptionalInt.of(found);
        }
        writeStatus(found & ~mask, width);
        int after = ChipIdentifier.readStatus(session, chip.flashPart());
        if ((after & mask) != 0) {
            throw new FlasherException(ExitCode.CHIP_ERROR, String.format("could not clear the write protection of flash %s"
                    + " (status register 0x%04X, still 0x%04X after writing); the flash part may need another status"
                    + " register layout", chip.midText(), found, after));
        }
        return OptionalInt.of(found);
    }

    /** Writes the status register back, e.g. to re-protect after a write. */
    public void restoreStatus(int status) throws IOException, FlasherException {
        writeStatus(status, chip.flashPart().map(FlashPart::statusBytes).orElse(2));
    }

    private void writeStatus(int value, int width) throws IOException, FlasherException {
        Answer.StatusRegisterWritten answer =
                session.call(new Command.FlashWriteStatus(0x01, value & (width == 1 ? 0xFF : 0xFFFF), width));
        if (!answer.succeeded()) {
            throw new FlasherException(ExitCode.CHIP_ERROR, "status register write answered status " + answer.status());
        }
    }

    /**
     * Refuses to touch the bootloader unless the user asked for it explicitly, and never on a BK7231T,
     * where the bootloader is what speaks this protocol.
     */
    public void guardBootloader(long start, long length, boolean allowed) throws FlasherException {
        if (!FlashGeometry.touchesBootloader(start, length)) {
            return;
        }
        if (chip.chip() != ChipFamily.BK7231N || !allowed) {
            throw new FlasherException(ExitCode.REFUSED, String.format("0x%06X-0x%06X overlaps the bootloader at"
                            + " 0x000000-0x010FFF. %s", start, start + length - 1,
                    chip.chip() == ChipFamily.BK7231N
                            ? "Pass --include-bootloader only if you mean to replace it (the BK7231N's ROM survives, but the"
                            + " device will not boot without a bootloader that matches its key)."
                            : "On a " + chip.chip() + " the bootloader is what answers the flasher; erasing it ends UART"
                            + " flashing for good, so this is never done."));
        }
    }

    private static void requireSucceeded(Answer.WithStatus answer, String what) throws AttemptFailed {
        if (!answer.succeeded()) {
            throw new AttemptFailed(what + " answered status " + answer.status());
        }
    }
}
