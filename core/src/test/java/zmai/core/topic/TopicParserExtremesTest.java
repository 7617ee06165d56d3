package zmai.core.topic;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized and extreme messages are refused up front, with a reason and quickly; numbers the parser does
 * accept come out as they went in. {@link TopicParserFuzzTest} covers arbitrary topics and payloads.
 */
class TopicParserExtremesTest {

    // generous: the point is "no hang", not a benchmark on a shared machine
    private static final Duration QUICKLY = Duration.ofSeconds(2);
    private static final byte[] TEN_MEGABYTES = new byte[10 * 1024 * 1024];

    @Example
    void tenMegabytePayloadIsRefusedForEveryDialect() {
        Arrays.fill(TEN_MEGABYTES, (byte) '7');
        for (String topic : new String[]{"obk8C112233/voltage", "tele/tasmota_1A2B3C/SENSOR",
                "homeassistant/sensor/x/config", "tele/tasmota_1A2B3C/LWT", "obk8C112233/build"}) {
            assertThat(rejectedQuickly(topic, TEN_MEGABYTES))
                    .isEqualTo("payload of 10485760 bytes is larger than " + TopicParser.MAX_PAYLOAD_BYTES);
        }
    }

    @Example
    void tenThousandLevelTopicIsRefusedBeforeSplitting() {
        String topic = "obk8C112233" + "/a".repeat(9_999);
        assertThat(rejectedQuickly(topic, "230".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("topic has 10000 levels, at most 8 expected");
    }

    @Example
    void megabyteLongSingleLevelTopicIsRefused() {
        assertThat(rejectedQuickly("x".repeat(1 << 20), new byte[0]))
                .isEqualTo("topic is 1048576 characters long, at most 1024 expected");
    }

    @Example
    void deeplyNestedJsonWithinTheSizeLimitIsRefused() {
        String json = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThat(json.length()).isLessThan(TopicParser.MAX_PAYLOAD_BYTES);
        assertThat(rejectedQuickly("tele/tasmota_1A2B3C/SENSOR", json.getBytes(StandardCharsets.UTF_8)))
                .startsWith("payload is not valid JSON");
    }

    @Example
    void hugeExponentsInJsonAreRefusedWithoutExpanding() {
        assertThat(rejectedQuickly("tele/tasmota_1A2B3C/SENSOR", "{\"ENERGY\":{\"Power\":1e999999999}}"))
                .contains("more than 20 integer digits");
        assertThat(rejectedQuickly("tele/tasmota_1A2B3C/SENSOR", "{\"ENERGY\":{\"Power\":1e-999999999}}"))
                .contains("more than 12 decimals");
    }

    @Example
    void sixtyFourKilobytesOfDigitsAreNotANumber() {
        String digits = "9".repeat(TopicParser.MAX_PAYLOAD_BYTES);
        assertThat(rejectedQuickly("obk8C112233/voltage", digits)).contains("longer than 40 characters");
    }

    @Property(tries = 1000)
    void acceptedOpenBekenNumbersRoundTrip(@ForAll("printfDecimals") BigDecimal value,
                                           @ForAll("quantityItems") String item) {
        MeterMessage message = Parsed.single("obk8C112233/" + item, value.toPlainString());
        assertThat(message).isEqualTo(new MeterMessage.Measurement(OpenBekenTopics.QUANTITIES.get(item), value));
    }

    @Property(tries = 500)
    void numbersBeyondTheBoundsAreRefusedWithAReason(@ForAll("tooManyDigits") String number) {
        assertThat(Parsed.rejected("obk8C112233/power", number)).contains("not a decimal number");
    }

    @Property(tries = 300)
    void availabilityRoundTripsInAnyCase(@ForAll boolean online, @ForAll("caseMasks") long mask) {
        String word = online ? "online" : "offline";
        StringBuilder spelled = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            spelled.append((mask >>> i & 1) == 1 ? Character.toUpperCase(c) : c);
        }
        assertThat(Parsed.single("obk8C112233/connected", spelled.toString()))
                .isEqualTo(new MeterMessage.Availability(online));
        assertThat(Parsed.single("tele/tasmota_1A2B3C/LWT", spelled.toString()))
                .isEqualTo(new MeterMessage.Availability(online));
    }

    private static String rejectedQuickly(String topic, String payload) {
        return rejectedQuickly(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejectedQuickly(String topic, byte[] payload) {
        ParseResult result = timed(() -> TopicParser.parse(topic, payload, false));
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }

    private static <T> T timed(Supplier<T> work) {
        long started = System.nanoTime();
        T result = work.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);
        return result;
    }

    @Provide
    Arbitrary<BigDecimal> printfDecimals() {
        return Arbitraries.bigDecimals().between(new BigDecimal("-99999999999999999999"),
                new BigDecimal("99999999999999999999")).ofScale(3)
                .injectDuplicates(0.01)
                .map(d -> d.scale() == 3 && d.signum() != 0 ? d : d.setScale(0, java.math.RoundingMode.DOWN));
    }

    @Provide
    Arbitrary<String> quantityItems() {
        return Arbitraries.of(OpenBekenTopics.QUANTITIES.keySet());
    }

    @Provide
    Arbitrary<String> tooManyDigits() {
        Arbitrary<String> integer = Arbitraries.strings().numeric().ofMinLength(21).ofMaxLength(39);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(13).ofMaxLength(30).map(f -> "1." + f);
        Arbitrary<String> foreign = Arbitraries.of("1e3", "0x10", "NaN", "Infinity", "+1", "1.", ".5", "1,5", "--1");
        return Arbitraries.oneOf(integer, fraction, foreign);
    }

    @Provide
    Arbitrary<Long> caseMasks() {
        return Arbitraries.longs().between(0, 127);
    }
}
