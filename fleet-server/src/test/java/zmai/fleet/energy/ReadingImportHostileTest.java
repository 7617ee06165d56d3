package zmai.fleet.energy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reading history is an outside file of any size and content: each bad line is refused with its number and
 * reason, a line over the limit is skipped without being held, and every good line around them is stored.
 */
@QuarkusTest
class ReadingImportHostileTest {

    private static final String ADMIN = "test-admin-token-0123456789abcdef";
    private static final int TEN_MIB = 10 * 1024 * 1024;
    private static final String TOO_LONG = "line is longer than 65536 characters";

    @TestHTTPResource("/")
    URL server;

    private final String device = "zmai90-hostile-" + Long.toString(System.nanoTime(), 36);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void hostileNdjsonLinesAreRefusedOneByOneAndTheGoodOnesStored() throws Exception {
        Random random = new Random(20_261_130L);
        byte[] randomLine = new byte[1000];
        random.nextBytes(randomLine);
        for (int i = 0; i < randomLine.length; i++) {
            randomLine[i] = randomLine[i] == '\n' ? (byte) 'x' : randomLine[i];
        }
        List<InputStream> body = List.of(
                text(json(1, "2300")),                                                   // 1
                text(prefix(2)), repeated('9', TEN_MIB), text(",\"unit\":\"Wh\"}\n"),    // 2: a 10 MiB number
                text(json(3, "2301")),                                                   // 3
                text("[".repeat(30_000) + "]".repeat(30_000) + "\n"),                    // 4: nested 30,000 deep
                new ByteArrayInputStream(randomLine), text("\n"),                        // 5: random bytes
                text("{\"device\":\"zmai90-"), bytes(0xC3, 0x28, 0xFF),                   // 6: not UTF-8
                text(json(6, "2302").substring(json(6, "2302").indexOf("\",\"ts\""))),
                text(prefix(7) + "1e999999999,\"unit\":\"Wh\"}\n"),                       // 7: huge exponent
                text(prefix(8) + "9".repeat(60_000) + ",\"unit\":\"Wh\"}\n"),            // 8: 60,000 digits
                text(json(9, "2303")),                                                   // 9
                repeated('x', 10_000_000));                                              // 10: no newline

        long started = System.nanoTime();
        JsonPath answer = post("application/x-ndjson", body);
        System.out.printf(Locale.ROOT, "hostile NDJSON (20 MiB in 10 lines) imported in %d ms: %s%n",
                (System.nanoTime() - started) / 1_000_000, answer.prettify().replaceAll("\\s+", " "));

        assertCounts(answer, 3, 0, 7);
        Map<Integer, String> errors = errors(answer);
        assertThat(errors.keySet()).containsExactly(2, 4, 5, 6, 7, 8, 10);
        assertThat(errors.get(2)).isEqualTo(TOO_LONG);
        assertThat(errors.get(10)).isEqualTo(TOO_LONG);
        assertThat(errors.get(6)).startsWith("line is not valid UTF-8");
        errors.values().forEach(message -> assertThat(message).isNotBlank().hasSizeLessThan(400));

        // the three good lines are stored: sent again alone, they are copies
        assertCounts(post("application/x-ndjson", List.of(text(json(1, "2300") + json(3, "2301") + json(9, "2303")))),
                0, 3, 0);
    }

    @Test
    void hostileCsvLinesAreRefusedOneByOneAndTheGoodOnesStored() throws Exception {
        List<InputStream> body = List.of(
                text("ts,device,register,value,unit\n"),                                  // 1: header
                text(csv(2, "2300")),                                                    // 2
                text(ts(3) + ","), repeated('d', TEN_MIB), text(",energy_total,1,Wh\n"),  // 3: a 10 MiB device
                text(csv(4, "2301")),                                                    // 4
                text(ts(5) + ",zmai90-"), bytes(0xE9, 0xFF), text(",energy_total,1,Wh\n"), // 5: not UTF-8
                text(ts(6) + "," + device + ",energy_total," + "9".repeat(60_000) + ",Wh\n"), // 6: 60,000 digits
                text("\"" + "a,".repeat(20_000) + "\n"),                                 // 7: an unclosed quote
                text(csv(8, "2302")),                                                    // 8
                repeated(',', 10_000_000));                                              // 9: no newline

        long started = System.nanoTime();
        JsonPath answer = post("text/csv", body);
        System.out.printf(Locale.ROOT, "hostile CSV (20 MiB in 9 lines) imported in %d ms: %s%n",
                (System.nanoTime() - started) / 1_000_000, answer.prettify().replaceAll("\\s+", " "));

        assertCounts(answer, 3, 0, 5);
        Map<Integer, String> errors = errors(answer);
        assertThat(errors.keySet()).containsExactly(3, 5, 6, 7, 9);
        assertThat(errors.get(3)).isEqualTo(TOO_LONG);
        assertThat(errors.get(9)).isEqualTo(TOO_LONG);
        assertThat(errors.get(5)).startsWith("line is not valid UTF-8");
        errors.values().forEach(message -> assertThat(message).isNotBlank().hasSizeLessThan(400));
    }

    @Test
    void aQuarterGibibyteLineIsSkippedWithoutBeingHeld() throws Exception {
        long line = 256L * 1024 * 1024;
        // a buffer as big as the line would be a humongous array, which the collector puts straight into the old
        // generation; the garbage of streaming (network chunks, decoded blocks) dies young. So the old generation's
        // peak tells whether the line was held, where the young pools' peaks only tell how much garbage was made
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        List<MemoryPoolMXBean> old = heap.stream()
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured")).toList();
        System.gc();
        long oldBefore = used(old);
        long heapBefore = used(heap);
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        long started = System.nanoTime();
        JsonPath answer = post("application/x-ndjson", List.of(text(json(1, "2300")), text(prefix(2)),
                repeated('7', line), text("}\n" + json(3, "2301"))));
        long millis = (System.nanoTime() - started) / 1_000_000;
        long oldPeak = peak(old) - oldBefore;
        System.out.printf(Locale.ROOT, "256 MiB NDJSON line: answered in %d ms; old generation peak +%d MiB, all heap"
                + " pools' peaks +%d MiB%n", millis, oldPeak >> 20, (peak(heap) - heapBefore) >> 20);

        assertCounts(answer, 2, 0, 1);
        assertThat(errors(answer)).containsExactly(Map.entry(2, TOO_LONG));
        assertThat(old).as("an old generation pool among %s", heap).isNotEmpty();
        // held as text, the line alone would take 256 MiB (a byte a character) and more while its buffer grows
        assertThat(oldPeak).isLessThan(line / 4);
    }

    private static long used(List<MemoryPoolMXBean> pools) {
        return pools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** An upper bound: the pools' peaks need not have been reached at one moment. */
    private static long peak(List<MemoryPoolMXBean> pools) {
        return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private JsonPath post(String contentType, List<InputStream> parts) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + "api/readings"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new SequenceInputStream(Collections.enumeration(parts))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.from(response.body());
    }

    private static void assertCounts(JsonPath answer, int accepted, int duplicates, int rejected) {
        assertThat(List.of(answer.getInt("accepted"), answer.getInt("duplicates"), answer.getInt("rejected")))
                .as("accepted, duplicates, rejected of %s", answer.prettify())
                .containsExactly(accepted, duplicates, rejected);
    }

    private static Map<Integer, String> errors(JsonPath answer) {
        Map<Integer, String> errors = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> list = answer.getList("errors");
        for (Map<String, Object> e : list) {
            errors.put((Integer) e.get("line"), (String) e.get("message"));
        }
        return errors;
    }

    /** Line {@code n}'s instant: a minute apart, so that each good line is a reading of its own. */
    private static String ts(int n) {
        return String.format(Locale.ROOT, "2026-03-01T00:%02d:00Z", n);
    }

    private String prefix(int n) {
        return "{\"device\":\"" + device + "\",\"ts\":\"" + ts(n) + "\",\"register\":\"energy_total\",\"value\":";
    }

    private String json(int n, String value) {
        return prefix(n) + value + ",\"unit\":\"Wh\"}\n";
    }

    private String csv(int n, String value) {
        return ts(n) + "," + device + ",energy_total," + value + ",Wh\n";
    }

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return new ByteArrayInputStream(bytes);
    }

    /** {@code count} copies of one byte, made as they are read. */
    private static InputStream repeated(char c, long count) {
        return new InputStream() {
            private long left = count;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return c;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(into, offset, offset + n, (byte) c);
                left -= n;
                return n;
            }
        };
    }
}
