package zmai.fleet.process;

import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Samples the server's health twice a second while a fault lasts and sums how long each answer was given: what an
 * operator's monitoring would have seen.
 */
final class HealthWatch implements AutoCloseable {

    private static final long PERIOD_MS = 500;

    private final ServerProcess server;
    private final Map<String, Long> millisByState = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    HealthWatch(ServerProcess server) {
        this.server = server;
        thread = new Thread(this::run, "health-watch");
        thread.setDaemon(true);
        thread.start();
    }

    // each answer counts for the time until the next one: a slow answer counts as long as it took
    private void run() {
        long last = System.nanoTime();
        while (running) {
            String state = sample();
            long now = System.nanoTime();
            synchronized (millisByState) {
                millisByState.merge(state, (now - last) / 1_000_000, Long::sum);
            }
            last = now;
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Readiness, then the ingest check's broker and database states. */
    private String sample() {
        try {
            HttpURLConnection health = (HttpURLConnection) server.uri("/q/health").toURL().openConnection();
            health.setConnectTimeout(400);
            health.setReadTimeout(5_000);
            int code = health.getResponseCode();
            try (InputStream in = code < 400 ? health.getInputStream() : health.getErrorStream()) {
                JsonPath json = JsonPath.from(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                String ingest = json.getString("checks.find { it.name == 'meter ingest' }.data.broker") + ", "
                        + json.getString("checks.find { it.name == 'meter ingest' }.data.database");
                return "health " + json.getString("status") + " (ingest: " + ingest + ")";
            }
        } catch (IOException | RuntimeException e) {
            return "no answer within 5 s";
        }
    }

    /** e.g. "health DOWN (ingest: connected, refusing writes) 60.5 s; health UP (...) 3.0 s". */
    String summary() {
        synchronized (millisByState) {
            return millisByState.entrySet().stream()
                    .map(e -> e.getKey() + " " + FaultResult.seconds(java.time.Duration.ofMillis(e.getValue())))
                    .collect(Collectors.joining("; "));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2_000);
    }
}
