package zmai.core.topic;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.core.topic.Parsed.rejected;

/** One test per reason {@link TopicParser} rejects a message for. */
class TopicParserRejectionTest {

    @Test
    void emptyTopic() {
        assertThat(rejected("", "1")).isEqualTo("topic is empty");
        assertThat(rejected(null, "1")).isEqualTo("topic is empty");
    }

    @Test
    void wildcardInTopic() {
        assertThat(rejected("obk8C112233/+/get", "1")).contains("wildcard '+'");
        assertThat(rejected("tele/#", "1")).contains("wildcard '#'");
    }

    @Test
    void tenThousandLevels() {
        assertThat(rejected("a/".repeat(9_999) + "a", "1")).contains("10000 levels");
    }

    @Test
    void overlongTopic() {
        assertThat(rejected("obk/" + "x".repeat(2_000), "1")).contains("at most 1024");
    }

    @Test
    void controlCharacterInTopic() {
        assertThat(rejected("obk\u0000/uptime", "1")).contains("control character \\u0000");
    }

    @Test
    void unpairedSurrogateInTopic() {
        assertThat(rejected("obk\uD800/uptime", "1")).contains("unpaired surrogate");
    }

    @Test
    void emptyTopicLevel() {
        assertThat(rejected("obk8C112233//get", "1")).contains("empty level");
        assertThat(rejected("/obk8C112233/uptime", "1")).contains("empty level");
    }

    @Test
    void invalidDeviceTopic() {
        assertThat(rejected("obk 8C/uptime", "1")).contains("device topic contains ' '");
        assertThat(rejected("tele/" + "x".repeat(65) + "/LWT", "Online")).contains("longer than 64");
    }

    @Test
    void oversizedPayload() {
        assertThat(rejected("tele/t1/SENSOR", new byte[64 * 1024 + 1])).contains("larger than 65536");
    }

    @Test
    void badUtf8() {
        assertThat(rejected("obk8C112233/host", new byte[]{(byte) 0xC3, (byte) 0x28})).contains("not valid UTF-8");
        assertThat(rejected("tele/t1/SENSOR", new byte[]{'{', (byte) 0xFF, '}'})).contains("not valid UTF-8");
    }

    @Test
    void emptyPayloadOnDataTopic() {
        assertThat(rejected("obk8C112233/uptime", "")).isEqualTo("payload is empty");
    }

    @Test
    void nonNumericPayload() {
        assertThat(rejected("obk8C112233/voltage/get", "abc")).contains("not a decimal number");
        assertThat(rejected("obk8C112233/uptime", "12.5")).contains("not a whole number");
    }

    @Test
    void numbersInCostlyOrAmbiguousForms() {
        assertThat(rejected("obk8C112233/power/get", "NaN")).contains("not a decimal number");
        assertThat(rejected("obk8C112233/power/get", "Infinity")).contains("not a decimal number");
        assertThat(rejected("obk8C112233/power/get", "0x1F")).contains("not a decimal number");
        assertThat(rejected("obk8C112233/power/get", "1e999999999")).contains("not a decimal number");
        assertThat(rejected("obk8C112233/power/get", "1".repeat(100))).contains("longer than 40");
    }

    @Test
    void jsonNumbersBeyondBounds() {
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Power\":1e999999999}}")).contains("integer digits");
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Power\":1e-99}}")).contains("decimals");
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Power\":" + "1".repeat(100) + "}}"))
                .contains("not valid JSON");
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Power\":NaN}}")).contains("not valid JSON");
    }

    @Test
    void rssiOutOfRange() {
        assertThat(rejected("obk8C112233/rssi", "70")).contains("outside -150..0");
    }

    @Test
    void negativeCounter() {
        assertThat(rejected("obk8C112233/freeheap", "-1")).contains("cannot be negative");
    }

    @Test
    void badMac() {
        assertThat(rejected("obk8C112233/mac", "aa:bb:cc:dd:ee")).contains("not a MAC address");
    }

    @Test
    void badIp() {
        assertThat(rejected("obk8C112233/ip", "192.168.1.300")).contains("not a dotted IPv4 address");
        assertThat(rejected("obk8C112233/ip", "192.168.01.3")).contains("not a dotted IPv4 address");
    }

    @Test
    void badBuild() {
        assertThat(rejected("obk8C112233/build", "OpenFOO123 1.0.0 Mar  1 2025 10:11:12"))
                .contains("unknown OpenBeken platform");
    }

    @Test
    void badAvailability() {
        assertThat(rejected("obk8C112233/connected", "maybe")).contains("expected online or offline");
        assertThat(rejected("tele/t1/LWT", "maybe")).contains("LWT is 'maybe', expected online or offline");
    }

    @Test
    void badClearDate() {
        assertThat(rejected("obk8C112233/energycounter_clear_date/get", "2025-02-30T10:11+01:00"))
                .contains("YYYY-MM-DDTHH:MM+HH:MM");
    }

    @Test
    void jsonThatIsNotAnObject() {
        assertThat(rejected("tele/t1/STATE", "[1,2,3]")).contains("not an object");
        assertThat(rejected("tele/t1/STATE", "42")).contains("not an object");
    }

    @Test
    void malformedJson() {
        assertThat(rejected("tele/t1/STATE", "{\"Heap\":")).contains("not valid JSON");
        assertThat(rejected("tele/t1/STATE", "{} {}")).contains("not valid JSON");
    }

    @Test
    void duplicateJsonKey() {
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Total\":1,\"Total\":2}}")).contains("Duplicate");
    }

    @Test
    void tooDeepJson() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        assertThat(rejected("tele/t1/STATE", deep)).contains("not valid JSON").contains("depth");
    }

    @Test
    void overlongJsonString() {
        assertThat(rejected("tele/t1/INFO3", "{\"RestartReason\":\"" + "x".repeat(5_000) + "\"}"))
                .contains("not valid JSON");
    }

    @Test
    void multiPhaseTotal() {
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Total\":[1.1,2.2,3.3]}}"))
                .contains("multi-phase totals are not supported");
    }

    @Test
    void energyIsNotAnObject() {
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":5}")).contains("ENERGY is NUMBER, expected an object");
    }

    @Test
    void valueOfWrongJsonType() {
        assertThat(rejected("tele/t1/SENSOR", "{\"ENERGY\":{\"Power\":\"60\"}}"))
                .contains("ENERGY.Power is STRING, expected a number");
    }

    @Test
    void badDeviceTime() {
        assertThat(rejected("tele/t1/SENSOR", "{\"Time\":\"yesterday\",\"ENERGY\":{\"Total\":1}}"))
                .contains("Time is not an ISO date-time");
    }

    @Test
    void badUptimeText() {
        assertThat(rejected("tele/t1/STATE", "{\"Uptime\":\"0T25:00:00\"}")).contains("impossible time of day");
        assertThat(rejected("tele/t1/STATE", "{\"Uptime\":\"soon\"}")).contains("Uptime is not");
    }

    @Test
    void wifiRssiPercentageIsNotTakenForSignal() {
        assertThat(rejected("tele/t1/STATE", "{\"Wifi\":{\"Signal\":62}}")).contains("outside -150..0");
    }

    @Test
    void badRelayState() {
        assertThat(rejected("stat/t1/POWER", "MAYBE")).contains("expected ON or OFF");
        assertThat(rejected("stat/t1/RESULT", "{\"POWER\":1}")).contains("POWER is NUMBER");
        assertThat(rejected("stat/t1/POWER33", "ON")).contains("outside 1..32");
    }

    @Test
    void badTasmotaVersion() {
        assertThat(rejected("tele/t1/INFO1", "{\"Version\":\"banana\"}")).contains("not a known build string shape");
    }

    @Test
    void rejectionKeepsTheTopic() {
        ParseResult result = TopicParser.parse("obk8C112233/uptime", "x".getBytes(StandardCharsets.UTF_8), false);
        assertThat(result).isEqualTo(new ParseResult.Rejected("obk8C112233/uptime",
                "uptime is not a whole number: 'x'"));
    }
}
