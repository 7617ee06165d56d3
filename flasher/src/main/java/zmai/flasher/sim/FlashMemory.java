package zmai.flasher.sim;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * NOR flash contents kept in memory and written through to a backing file, so a flash survives simulator
 * restarts. Programming can only clear bits (old AND new), erasing sets bytes to 0xFF, and every address
 * wraps modulo the size because the part ignores the higher address bits.
 */
final class FlashMemory implements AutoCloseable {

    private final byte[] bytes;
    private final RandomAccessFile file;

    private FlashMemory(byte[] bytes, RandomAccessFile file) {
        this.bytes = bytes;
        this.file = file;
    }

    /**
     * Opens {@code path}; when it does not exist it is created from {@code freshContent} (the full size).
     * An existing file keeps its content and must have the expected size.
     */
    static FlashMemory open(Path path, int size, byte[] freshContent) throws IOException {
        if (!Files.exists(path)) {
            if (freshContent.length != size) {
                throw new IllegalArgumentException("a new flash image must be " + size + " bytes, not " + freshContent.length);
            }
            Files.write(path, freshContent);
        }
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        try {
            if (file.length() != size) {
                throw new IOException(path + " holds " + file.length() + " bytes, a flash of " + size + " was expected");
            }
            byte[] bytes = new byte[size];
            file.readFully(bytes);
            return new FlashMemory(bytes, file);
        } catch (IOException e) {
            file.close();
            throw e;
        }
    }

    int size() {
        return bytes.length;
    }

    int wrap(long address) {
        return (int) Math.floorMod(address, (long) bytes.length);
    }

    byte[] read(long address, int length) {
        byte[] out = new byte[length];
        int at = wrap(address);
        for (int done = 0; done < length; ) {
            int run = Math.min(length - done, bytes.length - at);
            System.arraycopy(bytes, at, out, done, run);
            done += run;
            at = 0;
        }
        return out;
    }

    void program(long address, byte[] data) {
        int at = wrap(address);
        for (int i = 0; i < data.length; i++) {
            int index = (at + i) % bytes.length;
            bytes[index] &= data[i];
        }
        persist(at, data.length);
    }

    /** Erases {@code length} bytes from an aligned {@code start} (already wrapped). */
    void erase(int start, int length) {
        Arrays.fill(bytes, start, start + length, (byte) 0xFF);
        persist(start, length);
    }

    private void persist(int start, int length) {
        try {
            int first = Math.min(length, bytes.length - start);
            file.seek(start);
            file.write(bytes, start, first);
            if (first < length) {
                file.seek(0);
                file.write(bytes, 0, length - first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the flash file", e);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
