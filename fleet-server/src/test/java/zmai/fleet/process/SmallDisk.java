package zmai.fleet.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A small file system of its own (a tmpfs mount, which needs root), which a test fills up with a ballast file
 * and frees again, as a disk that runs full would be and an operator would clear it.
 */
final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;
    private final Path ballast;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.ballast = mountPoint.resolve("ballast");
    }

    /** Mounts one of this size; an {@link IOException} where this process may not mount (not root, a container). */
    static SmallDisk mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("small-disk");
        try {
            run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        } catch (IOException e) {
            Files.deleteIfExists(dir);
            throw e;
        }
        return new SmallDisk(dir);
    }

    Path path() {
        return mountPoint;
    }

    /** Writes the ballast until the file system refuses another byte. */
    void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left on device: where we wanted to be
        }
    }

    void free() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mountPoint.toString());
        Files.deleteIfExists(mountPoint);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
