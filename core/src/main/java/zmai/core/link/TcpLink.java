package zmai.core.link;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A raw TCP serial bridge (ser2net "raw" mode) or the chip simulator. The bridge owns the real line speed,
 * so {@link #setBaudRate} only records the rate, and there are no modem lines to pulse.
 */
public final class TcpLink implements SerialLink {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final PortSpec.Tcp address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int baud;

    private TcpLink(PortSpec.Tcp address, Socket socket, int baud) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.baud = baud;
    }

    /** @throws PortUnavailableException when nothing accepts the connection */
    public static TcpLink connect(PortSpec.Tcp address, int baud) throws IOException {
        requirePositive(baud);
        Socket socket = new Socket();
        try {
            // bootloader commands are small request/answer frames: Nagle would only add latency
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) CONNECT_TIMEOUT.toMillis());
            return new TcpLink(address, socket, baud);
        } catch (IOException e) {
            socket.close();
            throw new PortUnavailableException("cannot connect to " + address + ": " + e.getMessage()
                    + "; is the simulator or the serial bridge running and listening there?", e);
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    @Override
    public void awaitWritten() throws IOException {
        out.flush();
    }

    @Override
    public byte[] readAvailable(int max, Duration timeout) throws IOException {
        byte[] buffer = new byte[max];
        int got = readBuffered(buffer, 0);
        if (got == 0) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                got = in.read(buffer, 0, max);
            } catch (SocketTimeoutException e) {
                return new byte[0];
            }
            if (got < 0) {
                throw new EOFException(describe() + " closed the connection");
            }
            got += readBuffered(buffer, got);
        }
        return Arrays.copyOf(buffer, got);
    }

    /** Takes what has already arrived without waiting, so a zero timeout still sees buffered bytes. */
    private int readBuffered(byte[] buffer, int offset) throws IOException {
        int n = Math.min(in.available(), buffer.length - offset);
        return n > 0 ? in.read(buffer, offset, n) : 0;
    }

    @Override
    public void discardInput() throws IOException {
        byte[] sink = new byte[4096];
        while (readBuffered(sink, 0) > 0) {
            // drop it
        }
    }

    @Override
    public void setBaudRate(int baud) {
        requirePositive(baud);
        this.baud = baud;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    /** A TCP bridge carries no modem lines: the chip is reset by hand. */
    @Override
    public void pulseReset(ResetPulse pulse) {
        // nothing to pulse; describe() tells the user
    }

    @Override
    public String describe() {
        return address + " (no reset lines)";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void requirePositive(int baud) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud rate must be positive: " + baud);
        }
    }
}
