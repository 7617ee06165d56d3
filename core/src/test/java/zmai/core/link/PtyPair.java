package zmai.core.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Two connected ptys from socat (installed by scripts/services.sh): what one end writes, the other reads. */
final class PtyPair implements AutoCloseable {

    private static final Pattern PTY = Pattern.compile("PTY is (/dev/\\S+)");

    private final Process socat;
    final String first;
    final String second;

    private PtyPair(Process socat, String first, String second) {
        this.socat = socat;
        this.first = first;
        this.second = second;
    }

    static PtyPair start() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")) || Files.isExecutable(Path.of("/bin/socat")),
                "socat is missing: run scripts/services.sh");
        Process socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0").start();
        BufferedReader log = new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.UTF_8));
        // socat names both ptys, then says it relays; only then do bytes flow
        CompletableFuture<List<String>> ready = CompletableFuture.supplyAsync(() -> {
            List<String> paths = new ArrayList<>();
            try {
                for (String line = log.readLine(); line != null; line = log.readLine()) {
                    Matcher pty = PTY.matcher(line);
                    if (pty.find()) {
                        paths.add(pty.group(1));
                    } else if (line.contains("starting data transfer loop")) {
                        return paths;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("socat ended early: " + paths);
        });
        try {
            List<String> paths = ready.get(10, TimeUnit.SECONDS);
            drainInBackground(log);
            return new PtyPair(socat, paths.get(0), paths.get(1));
        } catch (ExecutionException | TimeoutException e) {
            socat.destroyForcibly();
            throw new IOException("socat did not make a pty pair", e);
        }
    }

    /** socat keeps logging at -d -d; a full pipe would stall it. */
    private static void drainInBackground(BufferedReader log) {
        Thread drain = new Thread(() -> {
            try {
                while (log.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat-log");
        drain.setDaemon(true);
        drain.start();
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly();
        }
    }
}
