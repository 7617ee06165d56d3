package zmai.fleet.firmware;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.RblHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload is outside bytes of any size: a body far bigger than any image is refused as soon as the limit is
 * passed, without being read to its end, held or stored; a broken one is a 4xx problem naming the cause.
 */
@QuarkusTest
class FirmwareUploadFuzzTest {

    private static final String ADMIN = "test-admin-token-0123456789abcdef";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;
    /** What the client may get into socket buffers and the server's first read before the refusal; far below 2 GiB. */
    private static final long SENT_BOUND = 64L * 1024 * 1024;
    private static final String NAME_CHARS = "OpenBK7231N_.rblbin/\\\"' ";

    @TestHTTPResource("/")
    URL server;

    private static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN);
    }

    @Test
    void aTwoGibibyteBodyDeclaredInContentLengthIsRefusedAtOnce() throws Exception {
        assertTwoGibibytesRefused(false);
    }

    @Test
    void aTwoGibibyteChunkedBodyIsRefusedOnceTheLimitIsRead() throws Exception {
        assertTwoGibibytesRefused(true);
    }

    private void assertTwoGibibytesRefused(boolean chunked) throws Exception {
        List<String> before = storedIds();
        Instant started = Instant.now();
        long heapBefore = heapAfterGc();
        resetHeapPeaks();

        Exchange exchange = postZeros(TWO_GIB, chunked);

        long heapPeak = heapPeakGrowth(heapBefore);
        long heapAfter = heapAfterGc() - heapBefore;
        System.out.printf(Locale.ROOT, "2 GiB %s upload: %d %s after %d ms; client sent %d bytes; writer stopped"
                        + " after %d ms; heap peak +%d MiB, after GC %+d MiB%n", chunked ? "chunked" : "fixed-length",
                exchange.status(), exchange.body(), exchange.answeredAfter().toMillis(), exchange.sent(),
                exchange.writerStoppedAfter().toMillis(), heapPeak >> 20, heapAfter >> 20);

        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.contentType()).startsWith(PROBLEM_JSON);
        assertThat(new JsonPath(exchange.body()).getString("detail")).isEqualTo("a firmware image is at most 4 MiB");
        // the server stopped taking the body: the client could not push more than buffers hold
        assertThat(exchange.sent()).isLessThan(SENT_BOUND);
        assertThat(exchange.writerStoppedAfter()).isLessThan(Duration.ofSeconds(5));
        assertThat(heapAfter).isLessThan(64L * 1024 * 1024);
        assertThat(storedIds()).isEqualTo(before);
        assertThat(bigFilesSince(started)).isEmpty();
        // the server is still there for the next upload
        admin().get("/api/firmware").then().statusCode(200);
    }

    @Test
    void brokenUploadsAreProblemsNeverServerErrors() {
        Random random = new Random(20_261_130L);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Case c = brokenCase(random, i);
            boolean longQuery = Stream.of(c.filename(), c.chip()).anyMatch(t -> t != null && t.length() > 1000);
            // a request line over the HTTP layer's 4 KiB limit is answered 414 and the connection closed, which
            // would cut a big body mid-send: with a long query only the answer, not the body, is under test
            byte[] body = longQuery ? Arrays.copyOf(c.body(), Math.min(100, c.body().length)) : c.body();
            RequestSpecification request = admin().contentType(ContentType.BINARY).body(body);
            if (c.filename() != null) {
                request.queryParam("filename", c.filename());
            }
            if (c.chip() != null) {
                request.queryParam("chip", c.chip());
            }
            Response response = request.post("/api/firmware");
            int status = response.statusCode();
            statuses.merge(c.what() + " " + status, 1, Integer::sum);
            String why = c.what() + " #" + i + ": " + status + " " + response.asString();
            if (status == 201 && c.mayBeStored()) {
                stored.add(response.path("id"));
                continue;
            }
            assertThat(status).as(why).isBetween(400, 499);
            if (status == 414 && longQuery) {
                // refused by the HTTP layer before any resource sees it, with the status alone
                continue;
            }
            assertThat(response.contentType()).as(why).startsWith(PROBLEM_JSON);
            String detail = response.path("detail");
            // a clear reason, short and printable even when the name or chip sent was neither
            assertThat(detail).as(why).isNotBlank().hasSizeLessThan(600).doesNotContainPattern("\\p{Cntrl}");
            if (c.rblDamage() && !longQuery) {
                assertThat(status).as(why).isEqualTo(400);
            }
        }
        System.out.println("broken uploads, answers by case: " + statuses);
        stored.forEach(id -> admin().delete("/api/firmware/" + id).then().statusCode(204));
    }

    @Test
    void controlCharactersInANameOrChipAreNotEchoed() {
        // names that fit the file-name shape reach the chip and kind checks, whose refusals quote them
        Map<String, Integer> names = Map.of("OpenESP32_\u001b[2J.rbl", 422, "OpenBK7231N_QIO_1.0\u0000.rbl", 400,
                "OpenXX99_\r\nLOG.rbl", 400, "OpenBK7231N_" + "\u0007".repeat(60) + ".bin", 400);
        names.forEach((name, status) -> {
            Response response = admin().contentType(ContentType.BINARY).queryParam("filename", name)
                    .body(new byte[100]).post("/api/firmware");
            assertThat(response.statusCode()).as(name).isEqualTo(status);
            assertThat(response.<String>path("detail")).as(name).doesNotContainPattern("\\p{Cntrl}").hasSizeLessThan(300);
        });
        Response response = admin().contentType(ContentType.BINARY).queryParam("filename", "OpenBK7231N_1.0.0.rbl")
                .queryParam("chip", "BK\u0000" + "x".repeat(2000)).body(new byte[100]).post("/api/firmware");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.<String>path("detail")).startsWith("'chip' must be a chip family such as BK7231N, not 'BK?x")
                .hasSizeLessThan(300);
    }

    /**
     * @param mayBeStored random bytes named as a serial image pass its only check, its size; so does a good image
     *                    sent with a blank chip
     * @param rblDamage   a truncated or corrupted OTA package under a right name: always 400
     */
    private record Case(String what, String filename, String chip, byte[] body, boolean mayBeStored,
                        boolean rblDamage) {
    }

    private static Case brokenCase(Random random, int i) {
        String version = "1.19." + i;
        String name = "OpenBK7231N_" + version + ".rbl";
        return switch (i % 7) {
            case 0 -> new Case("random bytes", name, null, bytes(random, random.nextInt(300_000)), false, false);
            case 1 -> {
                byte[] file = rbl(version, random);
                yield new Case("truncated", name, null, Arrays.copyOf(file, random.nextInt(file.length)), false, true);
            }
            case 2 -> {
                byte[] file = rbl(version, random);
                file[random.nextInt(file.length)] ^= (byte) (1 + random.nextInt(255));
                yield new Case("one byte changed", name, null, file, false, true);
            }
            case 3 -> new Case("random serial image", "OpenBK7231N_QIO_" + version + ".bin", null,
                    bytes(random, random.nextInt(200_000)), true, false);
            case 4 -> new Case("random file name", text(random), null, rbl(version, random), false, false);
            case 5 -> {
                String chip = text(random);
                // a blank chip is no chip: the image is taken for the family its name gives
                yield new Case("random chip", name, chip, rbl(version, random), chip.isBlank(), false);
            }
            default -> new Case("no file name", null, null, rbl(version, random), false, false);
        };
    }

    private static byte[] rbl(String version, Random random) {
        byte[] firmware = bytes(random, 1 + random.nextInt(100_000));
        return RblHeader.buildFile(RblHeader.forPlainApplication(version, firmware, 1_760_000_000L), firmware);
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Names and chips as a careless or hostile client sends them: empty, huge, control characters, not ASCII. */
    private static String text(Random random) {
        int length = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(20);
            case 2 -> random.nextInt(200);
            default -> 1000 + random.nextInt(2000);
        };
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0xa0 + random.nextInt(0x2000);
                default -> NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length()));
            });
        }
        return text.toString();
    }

    private static List<String> storedIds() {
        return admin().get("/api/firmware").then().statusCode(200).extract().jsonPath().getList("id");
    }

    /** Files of a megabyte or more written since {@code since} where the server spools request bodies. */
    private static List<Path> bigFilesSince(Instant since) throws IOException {
        Path uploads = Path.of(ConfigProvider.getConfig().getValue("quarkus.http.body.uploads-directory", String.class));
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(uploads, 2)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.size(f) >= 1024 * 1024 && Files.getLastModifiedTime(f).toInstant().isAfter(since);
                } catch (IOException gone) {
                    return false;   // deleted while we looked
                }
            }).toList();
        }
    }

    /**
     * @param answeredAfter      from the first byte sent to the end of the answer
     * @param writerStoppedAfter from the first byte sent until the client could send no more (or sent all)
     */
    private record Exchange(int status, String contentType, String body, long sent, Duration answeredAfter,
                            Duration writerStoppedAfter) {
    }

    /**
     * Posts {@code size} zero bytes over a plain socket, reading the answer while still sending, as a browser or
     * curl does; the body is generated as it is sent, never held.
     */
    private Exchange postZeros(long size, boolean chunked) throws Exception {
        ExecutorService writerThread = Executors.newSingleThreadExecutor();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /api/firmware?filename=OpenBK7231N_1.19.999.rbl HTTP/1.1\r\n"
                    + "Host: " + server.getHost() + "\r\n"
                    + "Authorization: Bearer " + ADMIN + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n")
                    + "\r\n";
            long start = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                byte[] block = new byte[64 * 1024];
                byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    while (sent.get() < size) {
                        if (chunked) {
                            out.write(chunkHead);
                        }
                        out.write(block);
                        if (chunked) {
                            out.write(crlf);
                        }
                        sent.addAndGet(block.length);
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closedByServer) {
                    // what should happen: the server answered and closed the connection
                }
                return System.nanoTime();
            }, writerThread);

            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            long answered = System.nanoTime();
            long stopped;
            try {
                stopped = writer.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillWriting) {
                stopped = Long.MAX_VALUE;   // the server keeps reading; reported as a very long time
            }
            return new Exchange(Integer.parseInt(statusLine.split(" ")[1]), headers.getOrDefault("content-type", ""),
                    new String(body, StandardCharsets.UTF_8), sent.get(), Duration.ofNanos(answered - start),
                    stopped == Long.MAX_VALUE ? Duration.ofDays(1) : Duration.ofNanos(stopped - start));
        } finally {
            writerThread.shutdownNow();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the answer ended: '" + line + "'");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetHeapPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Upper bound of the heap's growth: the pools' peaks need not have been reached at one moment. */
    private static long heapPeakGrowth(long before) {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - before;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
