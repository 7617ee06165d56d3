package zmai.core.link;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import zmai.core.meter.SerialFraming;

/**
 * A serial device through jSerialComm without flow control, 8N1 unless told otherwise (the RN8209C talks
 * 8E1). jSerialComm reports failure as
 * {@code false} or {@code -1}; this class turns each into an {@link IOException} that says what to do.
 */
public final class JSerialCommLink implements SerialLink {

    /** USB adapters hold a few bytes after the kernel queue is empty; allow for them and for scheduling. */
    private static final Duration DRAIN_SLACK = Duration.ofMillis(200);
    private static final Duration LONGEST_DRAIN_POLL = Duration.ofMillis(10);
    /** A write that hands nothing to the port for this long is stuck, not slow: an idle UART drains at line rate. */
    private static final Duration STALLED_WRITE = Duration.ofSeconds(2);

    private final SerialPort port;
    private final String path;
    /** Start bit, data bits, parity bit if any, stop bits: what one byte costs on the line. */
    private final int bitsPerByte;
    private int baud;
    private int timeoutMode = -1;
    private int readTimeoutMillis = -1;

    private JSerialCommLink(SerialPort port, String path, SerialFraming framing) {
        this.port = port;
        this.path = path;
        this.baud = framing.baud();
        this.bitsPerByte = 1 + framing.dataBits() + (framing.parity() == SerialFraming.Parity.NONE ? 0 : 1)
                + framing.stopBits();
    }

    /** 8N1 at {@code baud}. @throws PortUnavailableException naming the ports that do exist */
    public static JSerialCommLink open(String path, int baud) throws IOException {
        requirePositive(baud);
        return open(path, new SerialFraming(baud, 8, SerialFraming.Parity.NONE, 1));
    }

    /**
     * With the given framing. A Linux pty accepts but ignores parity, so only real ports honour 8E1.
     * @throws PortUnavailableException naming the ports that do exist
     */
    public static JSerialCommLink open(String path, SerialFraming framing) throws IOException {
        int baud = framing.baud();
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new PortUnavailableException("cannot open " + path + ": " + e.getMessage() + ". " + existingPorts());
        }
        // applied by openPort(); set afterwards a pty would still accept them
        port.setComPortParameters(baud, framing.dataBits(),
                framing.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT, parity(framing.parity()));
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new PortUnavailableException("cannot open " + path + openFailure(port.getLastErrorCode()) + ". "
                    + existingPorts());
        }
        JSerialCommLink link = new JSerialCommLink(port, path, framing);
        try {
            link.useReadTimeout(0);
        } catch (IOException e) {
            port.closePort();
            throw e;
        }
        return link;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int written = 0;
        while (written < bytes.length) {
            int n = port.writeBytes(bytes, bytes.length - written, written);
            if (n < 0) {
                throw failure("writing failed");
            }
            if (n == 0) {
                throw new IOException(describe() + ": the port took nothing for " + STALLED_WRITE.toSeconds()
                        + " s (" + written + " of " + bytes.length + " bytes written); is the adapter stalled?");
            }
            written += n;
        }
    }

    /** Polls the kernel's output queue, since jSerialComm offers no tcdrain; gives up after twice the line time. */
    @Override
    public void awaitWritten() throws IOException {
        int pending = pendingOutput();
        Deadline deadline = Deadline.after(lineTime(pending).multipliedBy(2).plus(DRAIN_SLACK));
        while (pending > 0) {
            if (deadline.remainingMillis() == 0) {
                throw new IOException(describe() + ": " + pending + " bytes are still waiting to be sent;"
                        + " is the adapter stalled or unplugged?");
            }
            pause(min(lineTime(pending), LONGEST_DRAIN_POLL));
            pending = pendingOutput();
        }
    }

    @Override
    public byte[] readAvailable(int max, Duration timeout) throws IOException {
        byte[] buffer = new byte[max];
        useReadTimeout(0);
        int got = checked(port.readBytes(buffer, max, 0));
        if (got == 0 && !timeout.isZero()) {
            // semi-blocking: back as soon as one byte is there
            useTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) Math.max(1, timeout.toMillis()));
            got = checked(port.readBytes(buffer, max, 0));
            if (got > 0 && got < max) {
                useReadTimeout(0);
                got += checked(port.readBytes(buffer, max - got, got));
            }
        }
        return Arrays.copyOf(buffer, got);
    }

    private int checked(int count) throws IOException {
        if (count < 0) {
            throw failure("reading failed");
        }
        return count;
    }

    @Override
    public void discardInput() throws IOException {
        useReadTimeout(0);
        byte[] sink = new byte[4096];
        int n;
        do {
            n = port.readBytes(sink, sink.length, 0);
            if (n < 0) {
                throw failure("discarding input failed");
            }
        } while (n > 0);
    }

    @Override
    public void setBaudRate(int baud) throws IOException {
        requirePositive(baud);
        if (!port.setBaudRate(baud)) {
            throw failure("the adapter refused " + baud + " baud");
        }
        this.baud = baud;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    @Override
    public void pulseReset(ResetPulse pulse) throws IOException {
        for (ResetPulse.Step step : pulse.steps()) {
            if (!setLine(step.line(), step.asserted())) {
                throw failure("cannot " + (step.asserted() ? "assert " : "release ") + step.line()
                        + " for --reset " + pulse + "; this adapter may lack the line: use --reset NONE and"
                        + " bridge CEN to GND by hand");
            }
            pause(step.hold());
        }
    }

    private boolean setLine(ResetPulse.ModemLine line, boolean asserted) {
        if (line == ResetPulse.ModemLine.RTS) {
            return asserted ? port.setRTS() : port.clearRTS();
        }
        return asserted ? port.setDTR() : port.clearDTR();
    }

    @Override
    public String describe() {
        return path + " at " + baud;
    }

    @Override
    public void close() throws IOException {
        if (port.isOpen() && !port.closePort()) {
            throw failure("closing failed");
        }
    }

    private void useReadTimeout(int millis) throws IOException {
        // blocking with a 0 ms timeout would wait forever in jSerialComm: 0 means "do not wait" here
        useTimeouts(millis == 0 ? SerialPort.TIMEOUT_NONBLOCKING : SerialPort.TIMEOUT_READ_BLOCKING, millis);
    }

    private void useTimeouts(int readMode, int millis) throws IOException {
        int mode = readMode | SerialPort.TIMEOUT_WRITE_BLOCKING;
        if (mode == timeoutMode && millis == readTimeoutMillis) {
            return;
        }
        if (!port.setComPortTimeouts(mode, millis, (int) STALLED_WRITE.toMillis())) {
            throw failure("cannot set a read timeout of " + millis + " ms");
        }
        timeoutMode = mode;
        readTimeoutMillis = millis;
    }

    private int pendingOutput() throws IOException {
        int pending = port.bytesAwaitingWrite();
        if (pending < 0) {
            throw failure("cannot tell whether the output has drained");
        }
        return pending;
    }

    private Duration lineTime(int bytes) {
        return Duration.ofNanos(bytes * bitsPerByte * 1_000_000_000L / baud);
    }

    private IOException failure(String what) {
        return new IOException(describe() + ": " + what + " (error " + port.getLastErrorCode()
                + "); was the adapter unplugged?");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration duration) throws InterruptedIOException {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the serial port");
        }
    }

    private static String openFailure(int errno) {
        // Linux and macOS errno values, the common reasons a USB adapter will not open
        return switch (errno) {
            case 2 -> ": no such device; is the adapter plugged in?";
            case 13 -> ": permission denied; on Linux add yourself to the dialout group and log in again";
            case 16 -> ": it is busy; close the other program using it (a serial monitor, ModemManager)";
            default -> " (error " + errno + ")";
        };
    }

    /** The ports jSerialComm can see. It does not list ptys (/dev/pts/N), although they open. */
    static String existingPorts() {
        SerialPort[] ports = SerialPort.getCommPorts();
        if (ports.length == 0) {
            return "No serial ports found; is the adapter plugged in?";
        }
        return Arrays.stream(ports)
                .map(p -> p.getSystemPortPath() + " (" + p.getPortDescription() + ")")
                .collect(Collectors.joining(", ", "Ports present: ", ""));
    }

    private static int parity(SerialFraming.Parity parity) {
        switch (parity) {
            case EVEN:
                return SerialPort.EVEN_PARITY;
            case ODD:
                return SerialPort.ODD_PARITY;
            default:
                return SerialPort.NO_PARITY;
        }
    }

    private static void requirePositive(int baud) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud rate must be positive: " + baud);
        }
    }
}
