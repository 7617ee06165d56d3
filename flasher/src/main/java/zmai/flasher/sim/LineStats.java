package zmai.flasher.sim;

import java.util.concurrent.atomic.AtomicLong;

/** Running counts of what the simulated line did, over the server's life; read with {@link #snapshot()}. */
final class LineStats {

    /** Counters of one direction. */
    static final class Direction {
        final AtomicLong carried = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong corrupted = new AtomicLong();
    }

    final Direction toChip = new Direction();
    final Direction fromChip = new Direction();
    final AtomicLong lostToNoise = new AtomicLong();
    final AtomicLong noiseBytes = new AtomicLong();
    final AtomicLong stalledFramesDropped = new AtomicLong();
    final AtomicLong framesHandled = new AtomicLong();
    final AtomicLong sessions = new AtomicLong();

    SimulatorStats snapshot() {
        return new SimulatorStats(sessions.get(), framesHandled.get(),
                toChip.carried.get(), toChip.dropped.get(), toChip.corrupted.get(),
                fromChip.carried.get(), fromChip.dropped.get(), fromChip.corrupted.get(),
                noiseBytes.get(), lostToNoise.get(), stalledFramesDropped.get());
    }
}
