package zmai.core.meter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeterModelTest {

    private static final MacAddress MAC = MacAddress.parse("C8:47:8C:11:22:33");

    @ParameterizedTest
    @ValueSource(strings = {"C8:47:8C:11:22:33", "c8-47-8c-11-22-33", "c8478c112233", " C8478C112233 "})
    void macIsNormalisedWhateverTheSpelling(String spelling) {
        assertThat(MacAddress.parse(spelling)).isEqualTo(MAC);
        assertThat(MacAddress.parse(spelling).value()).isEqualTo("c8:47:8c:11:22:33");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "c8:47:8c:11:22", "c8:47:8c:11:22:33:44", "zz:47:8c:11:22:33", "c8:47-8c:11:22:33x"})
    void badMacIsRefusedWithTheText(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAC");
    }

    @Test
    void defaultTopicIsObkAndTheLastFourMacBytes() {
        assertThat(DeviceTopic.defaultFor(MAC).value()).isEqualTo("obk8C112233");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a+", "a#", "$SYS", "has space", "tab\there"})
    void topicRootsThatCannotWorkAreRefused(String topic) {
        assertThatThrownBy(() -> new DeviceTopic(topic)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void topicLongerThanOpenBekenCanStoreIsRefused() {
        assertThat(DeviceTopic.problemWith("x".repeat(64))).isNull();
        assertThat(DeviceTopic.problemWith("x".repeat(65))).contains("longer than 64");
    }

    @Test
    void renamedTopicIsStillTheSameMeter() {
        Meter meter = new Meter(MAC, DeviceTopic.defaultFor(MAC), ChipFamily.BK7231N, HardwareVariant.ZMAI90_CBU);
        Meter renamed = meter.withTopic(new DeviceTopic("rack-a-pdu-2"));
        assertThat(renamed.sameMeterAs(meter)).isTrue();
        assertThat(renamed.topic().value()).isEqualTo("rack-a-pdu-2");
    }

    @Test
    void cbuProfileRecordsTheBoardAsData() {
        HardwareVariant.HardwareProfile cbu = HardwareVariant.ZMAI90_CBU.profile();
        assertThat(cbu.chip()).isEqualTo(ChipFamily.BK7231N);
        assertThat(cbu.meteringChip()).isEqualTo(MeteringChip.RN8209C);
        assertThat(cbu.meteringUart()).isEqualTo("UART1");
        assertThat(cbu.meteringFraming()).hasToString("4800 8E1");
        assertThat(cbu.pinFor(PinRole.WIFI_LED)).contains(6);
        assertThat(cbu.pinFor(PinRole.LED)).contains(26);
        assertThat(cbu.pinFor(PinRole.RELAY_BRIDGE_FORWARD)).contains(14);
        assertThat(cbu.pinFor(PinRole.RELAY_BRIDGE_REVERSE)).contains(16);
        assertThat(cbu.pinFor(PinRole.BUTTON)).contains(7);
        assertThat(cbu.openBekenTarget()).isTrue();
        assertThat(HardwareVariant.fromName("ZMAi-90 CBU")).contains(HardwareVariant.ZMAI90_CBU);
        assertThat(HardwareVariant.values()).filteredOn(v -> v.profile().openBekenTarget()).hasSize(1);
    }

    @Test
    void chipFamilyNamesMatchOpenBekenPlatforms() {
        assertThat(ChipFamily.fromName("bk7231n")).contains(ChipFamily.BK7231N);
        assertThat(ChipFamily.BK7231T.openBekenPlatform()).isEqualTo("OpenBK7231T");
        assertThat(ChipFamily.fromName("BK9999")).isEmpty();
    }
}
