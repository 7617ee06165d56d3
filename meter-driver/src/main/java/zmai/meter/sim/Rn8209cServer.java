package zmai.meter.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import zmai.core.meter.SerialFraming;

/**
 * A {@link SimulatedRn8209c} on a TCP port of 127.0.0.1, one client at a time, standing in for the chip's UART.
 * Bytes are paced as on the wire (§1.5, §8.12): each host byte occupies one character time on the line before
 * the chip sees it; an answer starts half a bit after the command byte and its bytes follow one idle bit apart.
 * Pacing runs against a schedule in real nanoseconds, so rounding never accumulates.
 */
public final class Rn8209cServer implements AutoCloseable {

    /** What the chip's UART speaks. */
    public static final SerialFraming FRAMING = new SerialFraming(4800, 8, SerialFraming.Parity.EVEN, 1);

    private final SimulatedRn8209c chip;
    private final Faults faults;
    private final SplittableRandom random;
    private final boolean paced;
    private final LongSupplier nanoTime;
    private final long bitNanos;
    private final long byteNanos;
    private final ServerSocket listener;
    private final Thread acceptor;
    private volatile Socket client;
    private volatile boolean closed;

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong answersWithheld = new AtomicLong();
    private final AtomicLong checksumsCorrupted = new AtomicLong();
    private final AtomicLong bytesDropped = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    /** Counters since the server started. */
    public record Stats(long connections, long bytesReceived, long reads, long answersWithheld,
                        long checksumsCorrupted, long bytesDropped, long bytesSent) {
    }

    private Rn8209cServer(Builder b) throws IOException {
        this.chip = b.chip;
        this.faults = b.faults;
        this.random = new SplittableRandom(b.seed);
        this.paced = b.paced;
        this.nanoTime = b.nanoTime;
        int bitsPerByte = 1 + FRAMING.dataBits() + (FRAMING.parity() == SerialFraming.Parity.NONE ? 0 : 1)
                + FRAMING.stopBits();
        this.bitNanos = Math.round(1e9 / FRAMING.baud());
        this.byteNanos = Math.round(1e9 * bitsPerByte / FRAMING.baud());
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port));
        this.acceptor = new Thread(this::acceptLoop, "rn8209c-sim:" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static Builder builder(SimulatedRn8209c chip) {
        return new Builder(chip);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public SimulatedRn8209c chip() {
        return chip;
    }

    public Stats stats() {
        return new Stats(connections.get(), bytesReceived.get(), reads.get(), answersWithheld.get(),
                checksumsCorrupted.get(), bytesDropped.get(), bytesSent.get());
    }

    private void acceptLoop() {
        while (!closed) {
            try (Socket socket = listener.accept()) {
                client = socket;
                connections.incrementAndGet();
                socket.setTcpNoDelay(true);
                serve(socket.getInputStream(), socket.getOutputStream());
            } catch (SocketException e) {
                // client went away, or close() closed the listener: next client or end
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            } finally {
                client = null;
            }
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[256];
        long lineFree = nanoTime.getAsLong(); // when the host->chip line can carry the next byte
        long answerFree = lineFree;            // when the chip->host line can carry the next byte
        int n;
        while ((n = in.read(buffer)) >= 0) {
            long arrived = nanoTime.getAsLong();
            for (int i = 0; i < n; i++) {
                bytesReceived.incrementAndGet();
                long heard = Math.max(lineFree, arrived) + byteNanos;
                lineFree = heard;
                waitUntil(heard);
                byte[] answer = chip.receive(new byte[]{buffer[i]});
                if (answer.length == 0) {
                    continue;
                }
                long next = Math.max(answerFree, heard + bitNanos / 2);
                for (byte b : spoil(answer)) {
                    long sent = next + byteNanos;
                    waitUntil(sent);
                    out.write(b);
                    out.flush();
                    bytesSent.incrementAndGet();
                    next = sent + bitNanos;
                }
                answerFree = next;
            }
        }
    }

    private byte[] spoil(byte[] answer) {
        long count = reads.incrementAndGet();
        if (faults.answerReadsLimit() >= 0 && count > faults.answerReadsLimit()
                || chance(faults.noAnswerRate())) {
            answersWithheld.incrementAndGet();
            return new byte[0];
        }
        byte[] result = answer.clone();
        if (chance(faults.badChecksumRate())) {
            result[result.length - 1] ^= (byte) (1 + random.nextInt(255));
            checksumsCorrupted.incrementAndGet();
        }
        if (faults.dropRate() == 0) {
            return result;
        }
        byte[] kept = new byte[result.length];
        int length = 0;
        for (byte b : result) {
            if (chance(faults.dropRate())) {
                bytesDropped.incrementAndGet();
            } else {
                kept[length++] = b;
            }
        }
        return Arrays.copyOf(kept, length);
    }

    private boolean chance(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private void waitUntil(long deadline) {
        if (!paced) {
            return;
        }
        long left;
        while ((left = deadline - nanoTime.getAsLong()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        Socket current = client;
        if (current != null) {
            current.close();
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static final class Builder {
        private final SimulatedRn8209c chip;
        private int port;
        private Faults faults = Faults.NONE;
        private long seed;
        private boolean paced = true;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder(SimulatedRn8209c chip) {
            this.chip = chip;
        }

        /** Default 0: an ephemeral port, see {@link Rn8209cServer#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        /** Seed of the fault injection; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Default true: 4800 Bd 8E1 timing; false answers as fast as TCP goes. */
        public Builder paced(boolean paced) {
            this.paced = paced;
            return this;
        }

        /** The pacing clock; default System::nanoTime. */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
            return this;
        }

        public Rn8209cServer start() throws IOException {
            return new Rn8209cServer(this);
        }
    }
}
