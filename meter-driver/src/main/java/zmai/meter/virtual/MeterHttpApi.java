package zmai.meter.virtual;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web server each OpenBeken device runs on port 80, for many virtual meters on one port of 127.0.0.1: meter
 * {@code t} answers under {@code /t}, where a real one answers at {@code http://<its ip>/}. Routes (spec §2.1):
 * <ul>
 *     <li>{@code POST /<t>/api/ota}, body = raw image: written to the OTA partition, {@code {"size":N}}, no
 *     reboot; bodies over {@link #MAX_IMAGE_BYTES} get 413, a meter that refuses the image (safe mode, an
 *     {@code ota_http} download in progress) 409;</li>
 *     <li>{@code POST /<t>/api/reboot}: {@code {"reboot":3}}, then the meter reboots 3 s later;</li>
 *     <li>{@code GET /<t>/api/info}: uptime, build, ip, mac, chipset, topic.</li>
 * </ul>
 * Unknown meters and paths answer 404, a wrong method 405. Calls go through the meter's {@link MeterConnection},
 * which serialises them with its ticks and MQTT callbacks.
 */
public final class MeterHttpApi implements AutoCloseable {

    /** Larger than any OpenBeken OTA partition. */
    public static final int MAX_IMAGE_BYTES = 2 * 1024 * 1024;
    /** {@code /api/reboot}: OpenBeken reboots this long after answering. */
    public static final Duration REBOOT_DELAY = Duration.ofSeconds(3);
    // an oversized body is read and dropped up to this much, so the client sees the 413 rather than a reset
    private static final long MAX_DISCARD_BYTES = 64L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "meter-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, MeterConnection> meters = new ConcurrentHashMap<>();

    /** Listens on 127.0.0.1:{@code port}; 0 picks a free port, see {@link #port()}. */
    public MeterHttpApi(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/{topic}}: where a server reaches meter {@code {topic}}'s web server. */
    public String urlTemplate() {
        return "http://127.0.0.1:" + port() + "/{topic}";
    }

    /** Serves {@code connection}'s meter under {@code /<its topic>}, replacing any meter of that topic. */
    public void register(MeterConnection connection) {
        Objects.requireNonNull(connection, "connection");
        meters.put(connection.meter().topic().value(), connection);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (IOException | UncheckedIOException e) {
            // the client went away; nothing to answer
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        // /<topic>/api/<call>
        String[] parts = exchange.getRequestURI().getRawPath().split("/", -1);
        MeterConnection meter = parts.length == 4 && parts[0].isEmpty() && parts[2].equals("api")
                ? meters.get(URLDecoder.decode(parts[1], StandardCharsets.UTF_8)) : null;
        if (meter == null) {
            discardBody(exchange);
            answer(exchange, 404, "{\"error\":\"not found\"}");
            return;
        }
        String method = exchange.getRequestMethod();
        switch (parts[3]) {
            case "ota" -> {
                if (!allowed(exchange, method, "POST")) {
                    return;
                }
                byte[] image = readCapped(exchange.getRequestBody());
                if (image == null) {
                    answer(exchange, 413, "{\"error\":\"image larger than " + MAX_IMAGE_BYTES + " bytes\"}");
                    return;
                }
                int size;
                try {
                    size = meter.pushImage(image);
                } catch (IllegalStateException e) {
                    answer(exchange, 409, "{\"error\":\"" + e.getMessage().replace("\"", "'") + "\"}");
                    return;
                }
                answer(exchange, 200, "{\"size\":" + size + "}");
            }
            case "reboot" -> {
                if (!allowed(exchange, method, "POST")) {
                    return;
                }
                discardBody(exchange);
                answer(exchange, 200, "{\"reboot\":" + REBOOT_DELAY.toSeconds() + "}");
                meter.rebootIn(REBOOT_DELAY);
            }
            case "info" -> {
                if (!allowed(exchange, method, "GET")) {
                    return;
                }
                answer(exchange, 200, meter.infoJson());
            }
            default -> {
                discardBody(exchange);
                answer(exchange, 404, "{\"error\":\"not found\"}");
            }
        }
    }

    private static boolean allowed(HttpExchange exchange, String method, String expected) throws IOException {
        if (expected.equals(method)) {
            return true;
        }
        discardBody(exchange);
        exchange.getResponseHeaders().set("Allow", expected);
        answer(exchange, 405, "{\"error\":\"method not allowed\"}");
        return false;
    }

    // the body, or null when it is longer than the cap (the rest is read and dropped)
    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > MAX_IMAGE_BYTES) {
                drain(in, total);
                return null;
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static void discardBody(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody(), 0);
    }

    private static void drain(InputStream in, long alreadyRead) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = alreadyRead;
        int n;
        while (total <= MAX_DISCARD_BYTES && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
