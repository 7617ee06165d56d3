package zmai.core.link;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A byte pipe to the chip's UART: a USB-serial adapter, a raw TCP serial bridge or the chip simulator.
 * Not thread-safe: one operation drives a link at a time.
 */
public interface SerialLink extends AutoCloseable {

    /** Returns once the bytes are handed to the operating system; they may still be on their way. */
    void write(byte[] bytes) throws IOException;

    /** Returns once the written bytes have left the port (serial: like tcdrain; TCP: a flush). */
    void awaitWritten() throws IOException;

    /**
     * Exactly {@code count} bytes, or a {@link LinkTimeoutException} carrying those that did arrive
     * within {@code timeout}. Never a short read, never -1.
     */
    default byte[] read(int count, Duration timeout) throws IOException {
        byte[] buffer = new byte[count];
        int got = 0;
        Deadline deadline = Deadline.after(timeout);
        while (got < count) {
            byte[] part;
            try {
                part = readAvailable(count - got, deadline.remaining());
            } catch (EOFException e) {
                throw new EOFException(describe() + " closed the connection after " + got + " of " + count + " bytes");
            }
            System.arraycopy(part, 0, buffer, got, part.length);
            got += part.length;
            if (part.length == 0 && deadline.remainingMillis() == 0) {
                throw new LinkTimeoutException(describe(), count, Arrays.copyOf(buffer, got), timeout);
            }
        }
        return buffer;
    }

    /**
     * Waits up to {@code timeout} for the first byte, then returns everything that has arrived, up to
     * {@code max} bytes; maybe none. It does not wait for more once something is there, so a caller
     * assembling frames sees bytes as soon as the line delivers them.
     */
    byte[] readAvailable(int max, Duration timeout) throws IOException;

    /** Drops input already received, such as stale answers to an earlier command. */
    void discardInput() throws IOException;

    /** Switches the line speed of this end; the chip must be told first, by the protocol. */
    void setBaudRate(int baud) throws IOException;

    int baudRate();

    /** Pulses the modem line wired to CEN to restart the chip; does nothing where the link has no modem lines. */
    void pulseReset(ResetPulse pulse) throws IOException;

    /** For messages: e.g. "/dev/ttyUSB0 at 115200" or "tcp://127.0.0.1:7000". */
    String describe();

    @Override
    void close() throws IOException;
}
