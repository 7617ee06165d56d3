package zmai.flasher.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import zmai.flasher.protocol.Frame;
import zmai.flasher.protocol.FrameDecoder;

/**
 * One client connection = one power cycle of the chip. The calling thread receives (paced, faulted,
 * decoded, handed to the chip); a transmit thread sends answers and noise, paced at the baud each was
 * sent with; with RN8209C noise a third thread schedules the bursts.
 */
final class Session {

    /** A half-received frame is forgotten after this much silence (spec §12.1). */
    static final long STALLED_FRAME_NANOS = 500_000_000L;
    private static final int CHUNK = 64;
    private static final Outgoing END = new Outgoing(new byte[0], 1, 0, false);

    private record Outgoing(byte[] bytes, long baud, long notBefore, boolean answer) {
    }

    private final Socket socket;
    private final SimulatedChip chip;
    private final Faults faults;
    private final LineClock clock;
    private final LineStats stats;
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();
    private final FrameDecoder decoder = new FrameDecoder(FrameDecoder.Direction.TO_CHIP);
    private final SplittableRandom toChipRandom;
    private final SplittableRandom fromChipRandom;
    private final Rn8209cNoise noise;
    private volatile boolean closing;

    Session(Socket socket, SimulatedChip chip, Faults faults, LineClock clock, LineStats stats, long sessionIndex) {
        this.socket = socket;
        this.chip = chip;
        this.faults = faults;
        this.clock = clock;
        this.stats = stats;
        SplittableRandom sessionRandom = new SplittableRandom(faults.seed() + sessionIndex);
        this.toChipRandom = sessionRandom.split();
        this.fromChipRandom = sessionRandom.split();
        long phase = sessionRandom.nextLong(Rn8209cNoise.PERIOD_NANOS);
        this.noise = faults.rn8209cNoise() ? new Rn8209cNoise(clock.nanoTime() + phase) : null;
    }

    /** Runs until the client leaves or {@link #close()} is called. */
    void run() throws IOException {
        chip.powerUp(faults.linkWindowDelay());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(100);
        Thread transmitter = new Thread(this::transmit, "sim-tx-" + socket.getPort());
        Thread noiseMaker = noise == null ? null : new Thread(this::makeNoise, "sim-noise-" + socket.getPort());
        transmitter.start();
        if (noiseMaker != null) {
            noiseMaker.start();
        }
        try {
            receive(socket.getInputStream());
        } finally {
            closing = true;
            outgoing.add(END);
            // nobody listens any more: a long paced answer (e.g. 4 KiB at 1200 Bd) must not hold the close
            transmitter.interrupt();
            if (noiseMaker != null) {
                noiseMaker.interrupt();
            }
            joinQuietly(transmitter);
            joinQuietly(noiseMaker);
            socket.close();
        }
    }

    void close() throws IOException {
        closing = true;
        socket.close();
    }

    private void receive(InputStream in) throws IOException {
        LinePacer pacer = new LinePacer(clock);
        byte[] buffer = new byte[256];
        long lastByteAt = clock.nanoTime();
        while (!closing) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                dropStalledFrame(lastByteAt);
                continue;
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                throw e;
            }
            if (n < 0) {
                return;
            }
            long baud = chip.baud();
            long arrivedAt = pacer.pace(n, baud);
            dropStalledFrame(lastByteAt);
            lastByteAt = arrivedAt;
            n = loseToNoise(buffer, n, arrivedAt, baud);
            n = faults.toChip().apply(buffer, n, toChipRandom, stats.toChip);
            stats.toChip.carried.addAndGet(n);
            decoder.feed(buffer, 0, n);
            for (Optional<Frame> frame = decoder.poll(); frame.isPresent(); frame = decoder.poll()) {
                stats.framesHandled.incrementAndGet();
                chip.handle(frame.get()).ifPresent(this::send);
            }
        }
    }

    private void dropStalledFrame(long lastByteAt) {
        if (decoder.pendingBytes() > 0 && clock.nanoTime() - lastByteAt >= STALLED_FRAME_NANOS) {
            decoder.clear();
            stats.stalledFramesDropped.incrementAndGet();
        }
    }

    /** Removes the bytes of {@code buffer[0, n)} that arrived (the last at {@code lastAt}) during a burst. */
    private int loseToNoise(byte[] buffer, int n, long lastAt, long baud) {
        if (noise == null) {
            return n;
        }
        long byteTime = LinePacer.byteTime(baud);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (noise.inBurst(lastAt - (n - 1 - i) * byteTime)) {
                stats.lostToNoise.incrementAndGet();
            } else {
                buffer[kept++] = buffer[i];
            }
        }
        return kept;
    }

    private void send(ChipReply reply) {
        long notBefore = clock.nanoTime() + reply.delay().toNanos();
        outgoing.add(new Outgoing(reply.bytes(), reply.baud(), notBefore, true));
    }

    private void makeNoise() {
        long at = noise.nextBurstAt(clock.nanoTime());
        while (!closing && !Thread.currentThread().isInterrupted()) {
            clock.parkUntil(at);
            if (closing || Thread.currentThread().isInterrupted()) {
                return;
            }
            long baud = chip.baud();
            outgoing.add(new Outgoing(new byte[Rn8209cNoise.burstBytes(baud)], baud, at, false));
            at = noise.nextBurstAt(at + 1);
        }
    }

    private void transmit() {
        LinePacer pacer = new LinePacer(clock);
        long answerBudget = faults.stallAfterAnswerBytes().orElse(Long.MAX_VALUE);
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                Outgoing next = outgoing.take();
                if (next == END || Thread.currentThread().isInterrupted()) {
                    return;
                }
                clock.parkUntil(next.notBefore());
                byte[] bytes = next.bytes();
                if (next.answer()) {
                    // a stalled chip sends what it had started, up to the budget, then nothing more
                    int allowed = (int) Math.min(bytes.length, Math.max(0, answerBudget));
                    answerBudget -= allowed;
                    bytes = Arrays.copyOf(bytes, allowed);
                } else {
                    stats.noiseBytes.addAndGet(bytes.length);
                }
                for (int at = 0; at < bytes.length && !Thread.currentThread().isInterrupted(); at += CHUNK) {
                    int length = Math.min(CHUNK, bytes.length - at);
                    byte[] chunk = Arrays.copyOfRange(bytes, at, at + length);
                    pacer.pace(length, next.baud());
                    int kept = faults.fromChip().apply(chunk, length, fromChipRandom, stats.fromChip);
                    out.write(chunk, 0, kept);
                    stats.fromChip.carried.addAndGet(kept);
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away; the receiving side ends the session
        }
    }

    private static void joinQuietly(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
