package zmai.flasher.ops;

/** Told how many more bytes of a long operation are done; the CLI draws a bar from it. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = bytes -> { };

    void advanced(long bytes);
}
