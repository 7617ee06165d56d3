package zmai.flasher.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.Frame;
import zmai.flasher.protocol.FrameDecoder;

/** A bare host for the tests: a socket and the protocol's answer decoder, nothing of zmai.core.link. */
final class SimClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private FrameDecoder decoder = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);

    SimClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(Command<?> command) throws IOException {
        send(command.encode());
    }

    /** The next answer frame, skipping junk, or empty if none completes in time. */
    Optional<Frame> nextFrame(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        while (true) {
            Optional<Frame> frame = decoder.poll();
            if (frame.isPresent()) {
                return frame;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) left);
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return Optional.empty();
                }
                decoder.feed(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
        }
    }

    Frame frame(Duration timeout) throws IOException {
        return nextFrame(timeout).orElseThrow(() -> new AssertionError("no answer within " + timeout));
    }

    /** Every byte that arrives within {@code window}, undecoded. */
    byte[] rawFor(Duration window) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + window.toNanos();
        byte[] buffer = new byte[8192];
        for (long left = window.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            socket.setSoTimeout((int) left);
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                all.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return all.toByteArray();
    }

    /** Exactly {@code count} raw bytes. */
    byte[] raw(int count, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        return in.readNBytes(count);
    }

    /** Link checks until one is answered; then a fresh decoder, so junk before it is forgotten. */
    void link() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            send(new Command.LinkCheck());
            if (nextFrame(Duration.ofMillis(100)).isPresent()) {
                rawFor(Duration.ofMillis(20));
                decoder = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
                return;
            }
        }
        throw new AssertionError("the simulator did not answer a link check");
    }

    int pendingBytes() {
        return decoder.pendingBytes();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
