package zmai.flasher.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;

/**
 * Serves a {@link SimulatedChip} on a TCP port as if it were a serial line (e.g. behind
 * {@code socat pty,raw,echo=0 tcp:127.0.0.1:PORT}). One client at a time; each connection is a power-up.
 * Both directions are paced at the chip's current baud rate. The server does not own the chip: close the
 * server, then the chip.
 */
public final class SimulatorServer implements AutoCloseable {

    private final SimulatedChip chip;
    private final Faults faults;
    private final LineClock clock;
    private final ServerSocket listener;
    private final LineStats stats = new LineStats();
    private final Thread acceptor;
    private volatile Session current;
    private volatile boolean closed;

    private SimulatorServer(SimulatedChip chip, Faults faults, LineClock clock, InetSocketAddress address)
            throws IOException {
        this.chip = Objects.requireNonNull(chip, "chip");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address, 1);
        this.acceptor = new Thread(this::serve, "sim-accept-" + listener.getLocalPort());
        acceptor.start();
    }

    /** On 127.0.0.1, an ephemeral port. */
    public static SimulatorServer start(SimulatedChip chip, Faults faults) throws IOException {
        return start(chip, faults, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static SimulatorServer start(SimulatedChip chip, Faults faults, InetSocketAddress address) throws IOException {
        return new SimulatorServer(chip, faults, LineClock.system(), address);
    }

    public static SimulatorServer start(SimulatedChip chip, Faults faults, InetSocketAddress address, LineClock clock)
            throws IOException {
        return new SimulatorServer(chip, faults, clock, address);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public SimulatedChip chip() {
        return chip;
    }

    public SimulatorStats stats() {
        return stats.snapshot();
    }

    private void serve() {
        long index = 0;
        while (!closed) {
            try (Socket client = listener.accept()) {
                Session session = new Session(client, chip, faults, clock, stats, index++);
                current = session;
                stats.sessions.incrementAndGet();
                if (closed) {
                    return;
                }
                session.run();
            } catch (SocketException e) {
                if (closed) {
                    return;
                }
                // a client that reset its connection ends only its own session
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                throw new UncheckedIOException(e);
            } finally {
                current = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        Session session = current;
        if (session != null) {
            session.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
