package zmai.core.ota;

import org.junit.jupiter.api.Test;
import zmai.core.firmware.FirmwareVersion;
import zmai.core.meter.ChipFamily;
import zmai.core.topic.Dialect;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class PrecheckTest {

    private static final FirmwareVersion OLD = FirmwareVersion.parse("1.18.288");
    private static final FirmwareVersion TARGET = FirmwareVersion.parse("1.18.300");
    private static final Precheck CHECK = new Precheck(ChipFamily.BK7231N, TARGET, OptionalInt.of(-80));

    private static Precheck.DeviceFacts healthy() {
        return new Precheck.DeviceFacts(true, Dialect.OPENBEKEN, Optional.of(ChipFamily.BK7231N), Optional.of(OLD),
                OptionalInt.of(-60), false);
    }

    @Test
    void aHealthyDeviceIsCommanded() {
        Precheck.Outcome o = CHECK.check(healthy());
        assertThat(o.next()).isEqualTo(OtaState.COMMANDED);
        assertThat(o.evidence()).contains("1.18.288").contains("-60 dBm");
    }

    @Test
    void aDeviceOnTheTargetIsSkipped() {
        var d = healthy();
        var onTarget = new Precheck.DeviceFacts(false, d.dialect(), d.chip(), Optional.of(TARGET), d.rssi(), false);
        assertThat(CHECK.check(onTarget).next()).isEqualTo(OtaState.SKIPPED);
    }

    @Test
    void refusesWhatCouldBrickOrMissTheDevice() {
        var d = healthy();
        assertThat(CHECK.check(new Precheck.DeviceFacts(true, d.dialect(), Optional.of(ChipFamily.BK7231T),
                d.version(), d.rssi(), false)).evidence()).contains("BK7231T");
        assertThat(CHECK.check(new Precheck.DeviceFacts(true, d.dialect(), Optional.empty(), d.version(), d.rssi(),
                false)).evidence()).contains("unknown");
        assertThat(CHECK.check(new Precheck.DeviceFacts(false, d.dialect(), d.chip(), d.version(), d.rssi(),
                false)).evidence()).contains("offline");
        assertThat(CHECK.check(new Precheck.DeviceFacts(true, d.dialect(), d.chip(), d.version(), d.rssi(),
                true)).evidence()).contains("shared");
        assertThat(CHECK.check(new Precheck.DeviceFacts(true, d.dialect(), d.chip(), d.version(),
                OptionalInt.of(-85), false)).evidence()).contains("-85 dBm is below");
        assertThat(CHECK.check(new Precheck.DeviceFacts(true, Dialect.TASMOTA, d.chip(), d.version(), d.rssi(),
                false)).next()).isEqualTo(OtaState.FAILED_PRECHECK);
    }
}
