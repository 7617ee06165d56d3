package zmai.flasher.sim;

import java.util.concurrent.locks.LockSupport;

/** Monotonic time and waiting, for pacing the simulated line; injectable so pacing code can be driven by hand. */
public interface LineClock {

    long nanoTime();

    /** Waits until {@link #nanoTime()} reaches {@code deadline} (or the thread is interrupted). */
    void parkUntil(long deadline);

    static LineClock system() {
        return new LineClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkUntil(long deadline) {
                for (long left = deadline - System.nanoTime(); left > 0 && !Thread.currentThread().isInterrupted();
                     left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
        };
    }

    /** Real time without waiting: a line of unlimited speed, for tests of behaviour rather than speed. */
    static LineClock unpaced() {
        return new LineClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkUntil(long deadline) {
                // never waits
            }
        };
    }
}
