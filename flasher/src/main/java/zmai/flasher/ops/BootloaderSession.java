package zmai.flasher.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import zmai.flasher.ExitCode;
import zmai.flasher.FlasherException;
import zmai.core.link.ResetPulse;
import zmai.core.link.SerialLink;
import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.EraseSize;
import zmai.flasher.protocol.Frame;
import zmai.flasher.protocol.FrameDecoder;
import zmai.flasher.protocol.ProtocolException;

/**
 * A conversation with the download ROM over one link: getting the bus, switching speed, and exchanging
 * commands with answers whose waits are sized from the line rate. A short or garbled answer is noticed
 * as soon as the line falls idle mid-frame, not after a flat one-second timeout, so a retry costs
 * milliseconds.
 */
public final class BootloaderSession {

    /** The rate every session starts at. */
    public static final int INITIAL_BAUD = 115_200;
    private static final Duration LINK_CHECK_WAIT = Duration.ofMillis(5);
    private static final int RETRIES = 5;
    /** The ROM computes CheckCRC at no less than about 0.4 MB/s. */
    private static final long CRC_BYTES_PER_SECOND = 400_000;

    private final SerialLink link;
    private final FrameDecoder decoder = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
    private final LongSupplier nanoClock;
    private int retries;

    public BootloaderSession(SerialLink link) {
        this(link, System::nanoTime);
    }

    BootloaderSession(SerialLink link, LongSupplier nanoClock) {
        this.link = link;
        this.nanoClock = nanoClock;
    }

    public SerialLink link() {
        return link;
    }

    /** How many exchanges had to be repeated so far. */
    public int retries() {
        return retries;
    }

    /**
     * Sends link checks until the ROM answers. The ROM listens only for a moment after a reset, so the
     * user (or {@code pulse}) resets the chip while this runs. Without an answer, says whether the line was
     * silent or carried another device's traffic: on a ZMAi-90 the RN8209C metering chip shares TX1/RX1.
     */
    public void getBus(Duration timeout, ResetPulse pulse) throws FlasherException, IOException {
        link.setBaudRate(INITIAL_BAUD);
        link.pulseReset(pulse);
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        long skippedBefore = decoder.skippedBytes();
        byte[] linkCheck = new Command.LinkCheck().encode();
        while (nanoClock.getAsLong() < deadline) {
            link.write(linkCheck);
            byte[] bytes = link.readAvailable(4096, LINK_CHECK_WAIT);
            decoder.feed(bytes);
            for (Optional<Frame> frame = decoder.poll(); frame.isPresent(); frame = decoder.poll()) {
                if (frame.get().code() == 0x01 && frame.get().payloadLength() == 1) {
                    drain();
                    return;
                }
            }
        }
        long junk = decoder.skippedBytes() - skippedBefore + decoder.pendingBytes();
        decoder.clear();
        throw new FlasherException(ExitCode.NO_LINK, junk > 0
                ? "No answer from the bootloader in " + timeout.toSeconds() + " s, but " + junk + " bytes of other"
                + " traffic arrived on the line. Another chip drives UART1: on a ZMAi-90 the RN8209C metering chip"
                + " shares TX1/RX1 — disconnect it (cut or lift its TX/RX, or desolder it) before flashing; holding"
                + " it in reset does not work, its reset is tied to the same line."
                : "No answer from the bootloader in " + timeout.toSeconds() + " s and the line stayed silent. Check"
                + " the wiring (adapter TX to module RX1, RX to TX1, common ground, 3.3 V) and reset the module"
                + " (power-cycle it or pulse CEN to ground) while the flasher is waiting.");
    }

    /** Drops stale answers: after linking, several link checks are usually answered late. */
    public void drain() throws IOException {
        while (link.readAvailable(4096, Duration.ofMillis(2)).length > 0) {
            // discard
        }
        link.discardInput();
        decoder.clear();
    }

    /**
     * Asks the ROM to switch to {@code baud}: the request goes at the old rate, the echo comes back at the
     * new one. Returns false, with the session back at its old rate and still linked, when the switch did
     * not take.
     */
    public boolean switchBaud(int baud) throws IOException, FlasherException {
        int old = link.baudRate();
        if (baud == old) {
            return true;
        }
        Command.SetBaudRate request = new Command.SetBaudRate(baud, 20);
        link.write(request.encode());
        link.awaitWritten();
        sleep(Duration.ofMillis(request.delayMillis() / 2));
        link.setBaudRate(baud);
        try {
            await(request, Duration.ofMillis(500));
            return true;
        } catch (ExchangeFailed e) {
            // the chip may have switched and only the echo got lost: ask at the new rate first
            if (answersLinkCheck()) {
                return true;
            }
            link.setBaudRate(old);
            if (answersLinkCheck()) {
                return false;
            }
            throw new FlasherException(ExitCode.NO_LINK, "lost the bootloader while switching from " + old + " to "
                    + baud + " baud; reset the chip and try a lower --baud");
        }
    }

    /** Switches to the first rate of {@code candidates} that works; the rate in use is returned. */
    public int negotiateBaud(List<Integer> candidates) throws IOException, FlasherException {
        for (int baud : candidates) {
            if (switchBaud(baud)) {
                return baud;
            }
        }
        return link.baudRate();
    }

    private boolean answersLinkCheck() throws IOException {
        drain();
        try {
            await(new Command.LinkCheck(), Duration.ofMillis(100));
            drain();
            return true;
        } catch (ExchangeFailed e) {
            return false;
        }
    }

    /** Sends {@code command} and returns its answer, repeating the exchange after a lost or garbled answer. */
    public <A extends Answer> A call(Command<A> command) throws IOException, FlasherException {
        ExchangeFailed last = null;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            try {
                return await(command, answerTimeout(command));
            } catch (ExchangeFailed e) {
                last = e;
                retries++;
                drain();
            }
        }
        throw new FlasherException(ExitCode.NO_LINK, "the bootloader stopped answering " + command + " ("
                + last.getMessage() + ", " + (RETRIES + 1) + " attempts at " + link.baudRate() + " baud)");
    }

    /**
     * One exchange without repeats, for steps whose caller decides how often to try (and when to slow the
     * line down): a lost or garbled answer becomes an {@link AttemptFailed}.
     */
    public <A extends Answer> A attempt(Command<A> command) throws IOException, AttemptFailed {
        try {
            return await(command, answerTimeout(command));
        } catch (ExchangeFailed e) {
            retries++;
            drain();
            throw new AttemptFailed(e.getMessage(), e.silent);
        }
    }

    /** Sends a command the ROM does not answer, such as Reboot. */
    public void send(Command<?> command) throws IOException {
        link.write(command.encode());
        link.awaitWritten();
    }

    private <A extends Answer> A await(Command<A> command, Duration timeout) throws IOException, ExchangeFailed {
        link.write(command.encode());
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        Duration idleGap = idleGap();
        long lastByte = nanoClock.getAsLong();
        while (true) {
            for (Optional<Frame> frame = decoder.poll(); frame.isPresent(); frame = decoder.poll()) {
                if (frame.get().framing() == command.framing() && frame.get().code() == command.answerCode()) {
                    try {
                        return command.decodeAnswer(frame.get());
                    } catch (ProtocolException e) {
                        throw new ExchangeFailed(e.getMessage(), false);
                    }
                }
                // a stale answer to an earlier command: keep looking
            }
            long now = nanoClock.getAsLong();
            if (now >= deadline) {
                throw new ExchangeFailed("no answer within " + timeout.toMillis() + " ms", decoder.pendingBytes() == 0);
            }
            if (decoder.pendingBytes() > 0 && now - lastByte > idleGap.toNanos()) {
                throw new ExchangeFailed("the answer stopped after " + decoder.pendingBytes() + " bytes", false);
            }
            long waitNanos = Math.min(deadline - now, idleGap.toNanos());
            byte[] bytes = link.readAvailable(8192, Duration.ofNanos(Math.max(waitNanos, 1_000_000)));
            if (bytes.length > 0) {
                decoder.feed(bytes);
                lastByte = nanoClock.getAsLong();
            }
        }
    }

    /** Twice the line time of request and answer, plus the ROM's own work, plus slack for the host. */
    private Duration answerTimeout(Command<?> command) {
        int answerBytes = Frame.answerLineLength(command.framing(), Math.max(command.answerPayloadLength(), 64));
        long lineNanos = lineNanos(command.encode().length + answerBytes);
        return Duration.ofNanos(2 * lineNanos).plus(chipWork(command)).plusMillis(100);
    }

    /** The ROM answers erase and program only when the flash is done: allow the parts' worst cases. */
    private static Duration chipWork(Command<?> command) {
        if (command instanceof Command.CheckCrc crc) {
            return Duration.ofNanos((crc.end() - crc.start() + 1) * 1_000_000_000L / CRC_BYTES_PER_SECOND);
        }
        if (command instanceof Command.FlashErase erase) {
            return erase.size() == EraseSize.BLOCK_64K ? Duration.ofSeconds(2) : Duration.ofMillis(500);
        }
        if (command instanceof Command.FlashErase4K) {
            return Duration.ofMillis(500);
        }
        if (command instanceof Command.FlashEraseAll) {
            return Duration.ofSeconds(40);
        }
        if (command instanceof Command.FlashWrite4K || command instanceof Command.FlashWrite
                || command instanceof Command.FlashWriteStatus) {
            return Duration.ofMillis(100);
        }
        return Duration.ZERO;
    }

    /** How long the line may stay quiet in the middle of an answer before the answer is given up. */
    private Duration idleGap() {
        return Duration.ofNanos(Math.max(lineNanos(200), Duration.ofMillis(25).toNanos()));
    }

    /** Time to move {@code bytes} over the line: 10 bit times each (8N1). */
    private long lineNanos(long bytes) {
        return bytes * 10 * 1_000_000_000L / link.baudRate();
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** One exchange went wrong in a way a repeat may fix. */
    private static final class ExchangeFailed extends Exception {
        /** Nothing at all came back. */
        final boolean silent;

        ExchangeFailed(String message, boolean silent) {
            super(message, null, false, false);
            this.silent = silent;
        }
    }
}
