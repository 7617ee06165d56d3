package zmai.flasher.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.EraseSize;
import zmai.flasher.protocol.FlashGeometry;
import zmai.flasher.protocol.FlashPart;
import zmai.flasher.protocol.Frame;
import zmai.flasher.protocol.ProtocolException;

/**
 * A BK7231N mask ROM or BK7231T flash bootloader, without any transport: command frames in, answer frames
 * out. It models the reset window and link gating, both CRC end conventions, the address mirror, NOR
 * programming, the SPI status register and its block protection. Thread-safe, so a test may inspect it
 * while a server drives it.
 *
 * <p>Test-harness policy, not chip behaviour: any erase or program touching [0, 0x11000) is refused
 * (answered with status 0 like a protected one) and recorded in {@link #bootloaderViolations()}.
 */
public final class SimulatedChip implements AutoCloseable {

    public static final long POWER_UP_BAUD = 115_200;
    public static final Duration DEFAULT_LINK_WINDOW = Duration.ofMillis(300);
    public static final int DEFAULT_MID = 0x1560EB;
    /** As read from a real BK7231N with a TH25Q16HB: CMP + BP0, everything but the last 64 KiB protected. */
    public static final int DEFAULT_STATUS_REGISTER = 0x4004;
    /** A CRC over more than this is refused (not answered) rather than computed for minutes. */
    private static final long MAX_CRC_LENGTH = 4L * FlashGeometry.SIZE_2M;

    private final ChipVariant variant;
    private final SpiFlash flash;
    private final ChipRegisters registers = new ChipRegisters();
    private final InstantSource clock;
    private final Duration linkWindow;
    private final Duration linkWindowDelay;
    private final int configuredStatus;
    private final boolean reprotectAfterCrc;
    private final List<BootloaderViolation> violations = new ArrayList<>();

    private boolean linked;
    private long baud = POWER_UP_BAUD;
    private Instant windowOpens;

    private SimulatedChip(Builder b, FlashMemory memory) {
        this.variant = b.variant;
        int statusBytes = b.statusBytes > 0 ? b.statusBytes
                : FlashPart.byMid(b.mid).map(FlashPart::statusBytes).orElse(2);
        this.flash = new SpiFlash(memory, b.mid, statusBytes, b.statusRegister);
        this.configuredStatus = flash.status();
        this.clock = b.clock;
        this.linkWindow = b.linkWindow;
        this.linkWindowDelay = b.linkWindowDelay;
        this.reprotectAfterCrc = b.reprotectAfterCrc;
        powerUp();
    }

    public static Builder builder(ChipVariant variant, Path flashFile) {
        return new Builder(variant, flashFile);
    }

    /** Power-up or reset: unlinked, 115200 Bd, and the link window opens (after the configured delay). */
    public synchronized void powerUp() {
        powerUp(linkWindowDelay);
    }

    /** A power-up whose link window opens {@code windowDelay} late (a slow boot, or a late client). */
    public synchronized void powerUp(Duration windowDelay) {
        linked = false;
        baud = POWER_UP_BAUD;
        windowOpens = clock.instant().plus(windowDelay);
    }

    /** The chip's reaction to one command frame: an answer, or nothing (ignored, unknown, or not answered). */
    public synchronized Optional<ChipReply> handle(Frame frame) {
        Command<?> command;
        try {
            command = Command.decode(frame);
        } catch (ProtocolException e) {
            return Optional.empty();
        }
        if (!linked) {
            if (command instanceof Command.LinkCheck && inLinkWindow()) {
                linked = true;
                return answer(linkCheck());
            }
            return Optional.empty();
        }
        if (!understands(command)) {
            return Optional.empty();
        }
        return dispatch(command);
    }

    private boolean inLinkWindow() {
        Instant now = clock.instant();
        return !now.isBefore(windowOpens) && !now.isAfter(windowOpens.plus(linkWindow));
    }

    private Optional<ChipReply> dispatch(Command<?> command) {
        if (command instanceof Command.LinkCheck) {
            return answer(linkCheck());
        }
        if (command instanceof Command.Reboot || command instanceof Command.ResetChip) {
            powerUp();
            return Optional.empty();
        }
        if (command instanceof Command.SetBaudRate c) {
            baud = c.baud();
            Frame echo = new Answer.BaudRateChanged(c.baud(), c.delayMillis()).frame();
            return Optional.of(new ChipReply(echo, c.baud(), Duration.ofMillis(c.delayMillis())));
        }
        if (command instanceof Command.CheckCrc c) {
            return checkCrc(c);
        }
        if (command instanceof Command.ReadBootVersion) {
            return answer(new Answer.BootVersion(variant.bootVersion()));
        }
        if (command instanceof Command.StayRom) {
            return answer(new Answer.StayingInRom(0x55));
        }
        if (command instanceof Command.ReadRegister c) {
            return answer(new Answer.RegisterRead(c.address(), registers.read(c.address())));
        }
        if (command instanceof Command.WriteRegister c) {
            registers.write(c.address(), c.value());
            return answer(new Answer.RegisterWritten(c.address(), c.value()));
        }
        return dispatchFlash(command);
    }

    private Optional<ChipReply> dispatchFlash(Command<?> command) {
        if (command instanceof Command.FlashRead4K c) {
            byte[] data = flash.memory().read(c.address(), FlashGeometry.SECTOR);
            return answer(new Answer.FlashBlock(0, c.address(), data));
        }
        if (command instanceof Command.FlashWrite4K c) {
            program("FlashWrite4K", c.address(), c.data());
            return answer(new Answer.Flash4KWritten(0, c.address()));
        }
        if (command instanceof Command.FlashWrite c) {
            byte[] data = c.data();
            program("FlashWrite", c.address(), data);
            return answer(new Answer.FlashWritten(0, c.address(), data.length));
        }
        if (command instanceof Command.FlashErase4K c) {
            erase("FlashErase4K", c.address(), FlashGeometry.SECTOR);
            return answer(new Answer.Flash4KErased(0, c.address()));
        }
        if (command instanceof Command.FlashErase c) {
            String name = c.size() == EraseSize.SECTOR_4K ? "FlashErase 4K" : "FlashErase 64K";
            erase(name, c.address(), c.size().bytes());
            return answer(new Answer.FlashErased(0, c.size().opcode(), c.address()));
        }
        if (command instanceof Command.FlashEraseAll) {
            // a chip erase always reaches the bootloader
            violations.add(new BootloaderViolation("FlashEraseAll", 0, flash.memory().size()));
            return answer(new Answer.FlashErasedAll(0, 0x04));
        }
        if (command instanceof Command.FlashReadStatus c) {
            return answer(new Answer.StatusRegisterRead(0, c.opcode(), flash.readStatus(c.opcode())));
        }
        if (command instanceof Command.FlashWriteStatus c) {
            flash.writeStatus(c.opcode(), c.value(), c.width());
            return answer(new Answer.StatusRegisterWritten(0, c.opcode(), c.value(), c.width()));
        }
        if (command instanceof Command.FlashGetMid) {
            int mid = flash.mid();
            return answer(new Answer.FlashId(0, 0x00, mid & 0xFF, mid >>> 8 & 0xFF, mid >>> 16 & 0xFF));
        }
        return Optional.empty();
    }

    private Answer linkCheck() {
        if (variant == ChipVariant.BK7231T) {
            // a T bootloader lifts the protection itself once a LinkCheck has come in
            flash.writeStatus(SpiFlash.WRITE_SR, configuredStatus & ~0x407C, 2);
        }
        return new Answer.LinkCheckAnswer(0);
    }

    private Optional<ChipReply> checkCrc(Command.CheckCrc c) {
        long length = variant.protocol().crcEndInclusive() ? c.end() - c.start() + 1 : c.end() - c.start();
        if (length > MAX_CRC_LENGTH) {
            return Optional.empty();
        }
        long crc = length <= 0 ? ChipCrc.of(new byte[0]) : crcOf(c.start(), length);
        if (variant == ChipVariant.BK7231T && reprotectAfterCrc) {
            // T quirk: every CheckCRC re-protects; the next write needs a fresh LinkCheck
            flash.writeStatus(SpiFlash.WRITE_SR, configuredStatus, 2);
        }
        return answer(new Answer.CrcValue(crc));
    }

    private long crcOf(long start, long length) {
        CRC32 crc = new CRC32();
        int size = flash.memory().size();
        for (long done = 0; done < length; ) {
            int run = (int) Math.min(length - done, size);
            crc.update(flash.memory().read(start + done, run));
            done += run;
        }
        return ~crc.getValue() & 0xFFFF_FFFFL;
    }

    private void program(String operation, long address, byte[] data) {
        if (guardBootloader(operation, flash.memory().wrap(address), data.length)) {
            flash.program(address, data);
        }
    }

    private void erase(String operation, long address, int unit) {
        int start = flash.memory().wrap(address) / unit * unit;
        if (guardBootloader(operation, start, unit)) {
            flash.erase(start, unit);
        }
    }

    /** False, and recorded, when [start, start+length) (wrapping) reaches the bootloader. */
    private boolean guardBootloader(String operation, int start, int length) {
        boolean wraps = start + (long) length > flash.memory().size();
        if (FlashGeometry.touchesBootloader(start, length) || wraps) {
            violations.add(new BootloaderViolation(operation, start, length));
            return false;
        }
        return true;
    }

    private Optional<ChipReply> answer(Answer answer) {
        return Optional.of(ChipReply.now(answer.frame(), baud));
    }

    private boolean understands(Command<?> command) {
        if (variant.protocol().hasRegisterAccess()) {
            return !(command instanceof Command.ReadBootVersion);
        }
        return command instanceof Command.LinkCheck || command instanceof Command.Reboot
                || command instanceof Command.SetBaudRate || command instanceof Command.CheckCrc
                || command instanceof Command.ReadBootVersion || command instanceof Command.FlashWrite
                || command instanceof Command.FlashWrite4K || command instanceof Command.FlashRead4K
                || command instanceof Command.FlashErase;
    }

    public ChipVariant variant() {
        return variant;
    }

    public synchronized boolean isLinked() {
        return linked;
    }

    /** The line speed the chip uses now (switched by SetBaudRate, back to 115200 on reset). */
    public synchronized long baud() {
        return baud;
    }

    /** The status register, high byte (if the part has one) in bits 8..15. */
    public synchronized int statusRegister() {
        return flash.status();
    }

    public synchronized List<BootloaderViolation> bootloaderViolations() {
        return List.copyOf(violations);
    }

    /** Flash content from {@code offset} (wrapping), as the flash holds it now. */
    public synchronized byte[] read(long offset, int length) {
        return flash.memory().read(offset, length);
    }

    public synchronized byte[] flashSnapshot() {
        return flash.memory().read(0, flash.memory().size());
    }

    @Override
    public synchronized void close() throws IOException {
        flash.memory().close();
    }

    /** Options of a simulated chip; only the variant and the backing file are required. */
    public static final class Builder {
        private final ChipVariant variant;
        private final Path flashFile;
        private int mid = DEFAULT_MID;
        private int statusBytes;
        private int statusRegister = DEFAULT_STATUS_REGISTER;
        private Duration linkWindow = DEFAULT_LINK_WINDOW;
        private Duration linkWindowDelay = Duration.ZERO;
        private byte[] initialImage;
        private InstantSource clock = InstantSource.system();
        private boolean reprotectAfterCrc = true;

        private Builder(ChipVariant variant, Path flashFile) {
            this.variant = Objects.requireNonNull(variant, "variant");
            this.flashFile = Objects.requireNonNull(flashFile, "flashFile");
        }

        /** JEDEC id as the tools print it, manufacturer in the low byte; default 0x1560EB (TH25Q16HB). */
        public Builder mid(int mid) {
            this.mid = mid;
            return this;
        }

        /** 1 or 2; by default taken from {@link FlashPart#KNOWN} for the MID, else 2. */
        public Builder statusBytes(int statusBytes) {
            this.statusBytes = statusBytes;
            return this;
        }

        /** Status register at power-up, high byte in bits 8..15; default 0x4004. */
        public Builder statusRegister(int statusRegister) {
            this.statusRegister = statusRegister;
            return this;
        }

        /** How long after power-up a LinkCheck is accepted; default 300 ms. */
        public Builder linkWindow(Duration linkWindow) {
            this.linkWindow = linkWindow;
            return this;
        }

        /** A late window: it opens this long after power-up (LinkChecks before are ignored too). */
        public Builder linkWindowDelay(Duration linkWindowDelay) {
            this.linkWindowDelay = linkWindowDelay;
            return this;
        }

        /** Content of the 2 MiB flash when the backing file does not exist yet; default: bootloader + 0xFF. */
        public Builder initialImage(byte[] image) {
            this.initialImage = image.clone();
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** BK7231T only: CheckCRC re-protects the flash until the next LinkCheck (default on). */
        public Builder reprotectAfterCrc(boolean reprotect) {
            this.reprotectAfterCrc = reprotect;
            return this;
        }

        public SimulatedChip open() throws IOException {
            byte[] fresh = initialImage != null ? initialImage
                    : SyntheticBootloader.freshFlash(variant, FlashGeometry.SIZE_2M);
            return new SimulatedChip(this, FlashMemory.open(flashFile, FlashGeometry.SIZE_2M, fresh));
        }
    }
}
