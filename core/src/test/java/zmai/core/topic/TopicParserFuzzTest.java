package zmai.core.topic;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a broker hands over, the parser answers with a result and never throws. */
class TopicParserFuzzTest {

    @Property(tries = 2000)
    void arbitraryTopicAndBytes(@ForAll String topic, @ForAll byte[] payload, @ForAll boolean retained) {
        assertAnswers(topic, payload, retained);
    }

    @Property(tries = 3000)
    void knownTopicsWithArbitraryText(@ForAll("topics") String topic, @ForAll String payload) {
        assertAnswers(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    @Property(tries = 3000)
    void knownTopicsWithArbitraryBytes(@ForAll("topics") String topic, @ForAll byte[] payload) {
        assertAnswers(topic, payload, true);
    }

    @Property(tries = 3000)
    void knownTopicsWithJsonLikeText(@ForAll("topics") String topic, @ForAll("jsonish") String payload) {
        assertAnswers(topic, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    private static void assertAnswers(String topic, byte[] payload, boolean retained) {
        ParseResult result = TopicParser.parse(topic, payload, retained);
        assertThat(result).isNotNull();
        if (result instanceof ParseResult.Accepted accepted) {
            assertThat(accepted.inbound().messages()).isNotEmpty();
            assertThat(accepted.inbound().retained()).isEqualTo(retained);
        } else if (result instanceof ParseResult.Rejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
        } else {
            assertThat(((ParseResult.Ignored) result).reason()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> topics() {
        Arbitrary<String> root = Arbitraries.of("obk8C112233", "tasmota_1A2B3C", "tele", "stat", "cmnd", "$SYS", "x y");
        Arbitrary<String> item = Arbitraries.of("connected", "host", "build", "mac", "ip", "rssi", "uptime",
                "freeheap", "ssid", "temp", "datetime", "sockets", "voltage", "current", "power", "power_apparent",
                "power_reactive", "power_factor", "138", "energycounter", "energycounter_today",
                "energycounter_clear_date", "0", "1", "99999", "LWT", "STATE", "SENSOR", "INFO1", "INFO2", "INFO3",
                "POWER", "POWER1", "POWER0", "RESULT", "get", "set");
        Arbitrary<String> tail = Arbitraries.of("", "/get", "/set", "/LWT", "/SENSOR", "/STATE", "/INFO1", "/POWER2",
                "/RESULT", "/x/y");
        return Combinators.combine(root, item, tail).as((r, i, t) -> r + "/" + i + t);
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ",", ":", "\"ENERGY\"", "\"Total\"", "\"Power\"",
                "\"Time\"", "\"Wifi\"", "\"Signal\"", "\"Heap\"", "\"UptimeSec\"", "\"Uptime\"", "\"POWER\"",
                "\"POWER1\"", "\"Version\"", "\"Info1\"", "\"RestartReason\"", "\"ConsumptionTotal\"", "\"ON\"",
                "\"2024-03-01T10:00:00\"", "\"0T01:02:03\"", "1", "-70", "1.5", "1e400", "-0", "null", "true",
                "\"Hostname\"", "\"IPAddress\"", "\"10.0.0.1\"", "\"14.3.0(tasmota)\"", "1e-400", "99999999999999999999999");
        return token.list().ofMaxSize(40).map(tokens -> String.join("", tokens));
    }
}
