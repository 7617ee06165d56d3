package zmai.flasher.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Shows a transfer as it goes: a bar on stderr for a person at a terminal, nothing for scripts and pipes. */
public interface TransferProgress extends AutoCloseable {

    void advance(long bytes);

    @Override
    void close();

    /** A bar with bytes, speed and time left on stderr when a console is attached; otherwise {@link #silent()}. */
    static TransferProgress start(String task, long totalBytes) {
        return System.console() != null ? drawingOn(System.err, task, totalBytes) : silent();
    }

    static TransferProgress silent() {
        return Silent.INSTANCE;
    }

    /** A bar drawn on {@code stream} whatever is attached; {@link #start} decides when that is wanted. */
    static TransferProgress drawingOn(PrintStream stream, String task, long totalBytes) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(totalBytes)
                .setUnit(" B", 1)
                .showSpeed(new DecimalFormat("#"))
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stream))
                .build();
        return new TransferProgress() {
            @Override
            public void advance(long bytes) {
                bar.stepBy(bytes);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** Draws nothing. */
    enum Silent implements TransferProgress {
        INSTANCE;

        @Override
        public void advance(long bytes) {
            // no one is watching
        }

        @Override
        public void close() {
            // nothing drawn, nothing to clear
        }
    }
}
