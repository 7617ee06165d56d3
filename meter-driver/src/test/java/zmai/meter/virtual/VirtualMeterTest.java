package zmai.meter.virtual;

import org.junit.jupiter.api.Test;
import zmai.core.firmware.RblHeader;
import zmai.core.meter.MacAddress;
import zmai.core.topic.MeterMessage;
import zmai.core.topic.ParseResult;
import zmai.core.topic.TopicParser;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualMeterTest {

    static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    static final MacAddress MAC = MacAddress.parse("c8:47:8c:11:22:33");
    static final FirmwareBuild BUILD = FirmwareBuild.openBk7231n("1.18.288", LocalDateTime.of(2025, 3, 1, 10, 11, 12));

    static VirtualMeter meter(LoadProfile load, Integer... flags) {
        return new VirtualMeter(MeterConfig.defaults(MAC, BUILD, load, 7).withFlags(Set.of(flags)), T0);
    }

    static List<Publication> named(List<Publication> all, String topic) {
        return all.stream().filter(p -> p.topic().equals(topic)).collect(Collectors.toList());
    }

    static MeterMessage parsed(Publication p) {
        ParseResult r = TopicParser.parse(p.topic(), p.payload().getBytes(StandardCharsets.UTF_8), p.retained());
        assertThat(r).as(p.toString()).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) r).inbound().messages().get(0);
    }

    @Test
    void buildStringHasCsDoubleSpacedDate() {
        assertThat(BUILD.mqttBuildString()).isEqualTo("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        assertThat(MeterConfig.defaults(MAC, BUILD, LoadProfile.constant(1, 1), 1).topic().value())
                .isEqualTo("obk8C112233");
    }

    @Test
    void connectPublishesOnlineThenSweepsOneItemPerSecondInOrder() {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        assertThat(m.onConnected(T0)).containsExactly(new Publication("obk8C112233/connected", "online", 2, true));
        List<String> info = m.advanceTo(T0.plusSeconds(13)).stream().filter(p -> p.qos() == 1)
                .map(p -> p.topic().substring("obk8C112233/".length())).collect(Collectors.toList());
        assertThat(info).containsExactly("host", "build", "mac", "temp", "ssid", "datetime", "sockets", "rssi",
                "uptime", "freeheap", "ip", "1/get");
        assertThat(m.lastWill()).isEqualTo(new Publication("obk8C112233/connected", "offline", 1, true));
    }

    @Test
    void sweepTimingMatchesTheFirmware() {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        m.onConnected(T0);
        assertThat(named(m.advanceTo(T0.plusSeconds(1)), "obk8C112233/host")).hasSize(1);
        assertThat(named(m.advanceTo(T0.plusSeconds(2)), "obk8C112233/build")).singleElement()
                .satisfies(p -> assertThat(parsed(p)).isInstanceOf(MeterMessage.Build.class));
        assertThat(named(m.advanceTo(T0.plusSeconds(11)), "obk8C112233/ip")).isEmpty();
        assertThat(named(m.advanceTo(T0.plusSeconds(12)), "obk8C112233/ip")).singleElement()
                .satisfies(p -> assertThat(parsed(p)).isEqualTo(new MeterMessage.IpAddress("10.17.34.51")));
    }

    @Test
    void everythingPublishedParses() {
        VirtualMeter m = meter(LoadProfile.constant(60, 0.9), MeterFlags.HEARTBEAT, MeterFlags.TASMOTA_TELE);
        List<Publication> all = new java.util.ArrayList<>(m.onConnected(T0));
        all.addAll(m.advanceTo(T0.plusSeconds(200)));
        // core's parser has no reader for the lwIP socket count; everything else must be meter data
        assertThat(all).filteredOn(p -> !p.topic().endsWith("/sockets")).allSatisfy(VirtualMeterTest::parsed);
        assertThat(all).anySatisfy(p -> assertThat(p.topic()).isEqualTo("tele/obk8C112233/SENSOR"));
    }

    @Test
    void sensorsGoOutQos0WithGetOrWithoutUnderFlag50() {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        m.onConnected(T0);
        assertThat(named(m.advanceTo(T0.plusSeconds(70)), "obk8C112233/power/get"))
                .allSatisfy(p -> assertThat(p.qos()).isZero()).allSatisfy(p -> assertThat(p.retained()).isFalse())
                .isNotEmpty();
        VirtualMeter noGet = meter(LoadProfile.constant(60, 1), MeterFlags.NO_GET_SUFFIX);
        noGet.onConnected(T0);
        List<Publication> out = noGet.advanceTo(T0.plusSeconds(70));
        assertThat(named(out, "obk8C112233/power")).isNotEmpty().allSatisfy(p -> assertThat(parsed(p))
                .isEqualTo(new MeterMessage.Measurement(zmai.core.topic.Quantity.POWER, new BigDecimal("60.00"))));
        assertThat(out).noneSatisfy(p -> assertThat(p.topic()).endsWith("/get"));
    }

    @Test
    void steadyPowerGoesOutEvery61FramesAndAStepAfterFive() {
        VirtualMeter m = meter(LoadProfile.constant(100, 1));
        m.onConnected(T0);
        List<Instant> sent = new java.util.ArrayList<>();
        for (int s = 1; s <= 200; s++) {
            Instant now = T0.plusSeconds(s);
            if (!named(m.tick(now), "obk8C112233/power/get").isEmpty()) {
                sent.add(now);
            }
        }
        // first read of PowerPA at frame 3, first publish once 5 frames passed, then 61 s apart
        assertThat(sent).containsExactly(T0.plusSeconds(6), T0.plusSeconds(67), T0.plusSeconds(128),
                T0.plusSeconds(189));
        m.setLoad(LoadProfile.constant(500, 1));
        List<Publication> afterStep = new java.util.ArrayList<>();
        int frames = 0;
        while (afterStep.isEmpty()) {
            frames++;
            afterStep = named(m.tick(T0.plusSeconds(200 + frames)), "obk8C112233/power/get");
        }
        assertThat(afterStep.get(0).payload()).isEqualTo("500.00");
        assertThat(frames).isBetween(1, 6);
    }

    @Test
    void energyIntegratesPowerOverTime() {
        VirtualMeter m = meter(LoadProfile.constant(3600, 1));
        m.advanceTo(T0.plusSeconds(3603));
        // the driver first reads PowerPA on frame 3, so frames 3..3603 count: 3601 s at 3600 W
        assertThat(m.energyMilliWh()).isEqualTo(3_601_000);
    }

    @Test
    void relayOffMeansNoPowerNoEnergy() {
        VirtualMeter m = meter(LoadProfile.constant(1000, 1));
        m.onConnected(T0);
        m.advanceTo(T0.plusSeconds(20));
        assertThat(m.receive("cmnd/obk8C112233/POWER", "OFF", T0.plusSeconds(20)))
                .contains(new Publication("obk8C112233/1/get", "0", 1, false));
        m.advanceTo(T0.plusSeconds(30));
        long energy = m.energyMilliWh();
        assertThat(named(m.advanceTo(T0.plusSeconds(100)), "obk8C112233/power/get")).last()
                .extracting(Publication::payload).isEqualTo("0.00");
        assertThat(m.energyMilliWh()).isEqualTo(energy);
        m.receive("obk8C112233/1/set", "1", T0.plusSeconds(100));
        assertThat(m.relayOn()).isTrue();
    }

    @Test
    void powerCutRewindsToTheFlashCopyAtMostTenWh() {
        VirtualMeter m = meter(LoadProfile.constant(2000, 1));
        m.advanceTo(T0.plusSeconds(100)); // ~53 Wh: saved at 10, 20, ... Wh
        long before = m.energyMilliWh();
        m.powerCut(T0.plusSeconds(100));
        assertThat(m.energyMilliWh()).isLessThan(before).isGreaterThan(before - 10_000);
        assertThat(m.uptime()).isZero();
    }

    @Test
    void commandedRestartSavesFirstAndComesBackEqual() {
        VirtualMeter m = meter(LoadProfile.constant(2000, 1));
        m.advanceTo(T0.plusSeconds(100));
        long before = m.energyMilliWh();
        m.receive("cmnd/obk8C112233/restart", "", T0.plusSeconds(100));
        assertThat(m.takeTransition()).containsInstanceOf(MeterTransition.Reboot.class);
        m.reboot(T0.plusSeconds(101));
        assertThat(m.energyMilliWh()).isEqualTo(before);
    }

    @Test
    void energyResetZeroesAndStampsTheClearDate() {
        VirtualMeter m = meter(LoadProfile.constant(2000, 1));
        m.onConnected(T0);
        m.advanceTo(T0.plusSeconds(300));
        m.receive("cmnd/obk8C112233/EnergyCntReset", "", T0.plusSeconds(300));
        List<Publication> out = m.advanceTo(T0.plusSeconds(306));
        assertThat(named(out, "obk8C112233/energycounter/get")).singleElement()
                .satisfies(p -> assertThat(Double.parseDouble(p.payload())).isLessThan(4));
        assertThat(named(out, "obk8C112233/energycounter_clear_date/get")).singleElement()
                .satisfies(p -> assertThat(p.payload()).isEqualTo("2025-06-01T12:05+00:00"))
                .satisfies(p -> assertThat(parsed(p)).isInstanceOf(MeterMessage.EnergyClearDate.class));
    }

    @Test
    void withoutNtpThereAreNoDailyCountersAndTimeStartsAt1970() {
        VirtualMeter m = new VirtualMeter(MeterConfig.defaults(MAC, BUILD, LoadProfile.constant(500, 1), 3)
                .withNtp(false), T0);
        m.onConnected(T0);
        List<Publication> out = m.advanceTo(T0.plusSeconds(130));
        assertThat(out).noneSatisfy(p -> assertThat(p.topic()).contains("energycounter_today"));
        assertThat(named(out, "obk8C112233/datetime")).singleElement().extracting(Publication::payload)
                .isEqualTo("7");
    }

    @Test
    void heartbeatRepeatsTheSweepEverySixtySecondsWithFlag2() {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        m.onConnected(T0);
        m.receive("cmnd/obk8C112233/SetFlag", "2 1", T0);
        assertThat(named(m.advanceTo(T0.plusSeconds(200)), "obk8C112233/uptime")).extracting(Publication::payload)
                .containsExactly("10", "70", "130", "190");
        VirtualMeter quiet = meter(LoadProfile.constant(60, 1));
        quiet.onConnected(T0);
        assertThat(named(quiet.advanceTo(T0.plusSeconds(200)), "obk8C112233/uptime")).hasSize(1);
    }

    @Test
    void fiveShortBootsInARowMeanSafeMode() {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        for (int i = 1; i <= 4; i++) {
            m.reboot(T0.plusSeconds(i * 10L));
        }
        assertThat(m.phase()).isEqualTo(MeterPhase.SAFE_MODE);
        assertThat(m.wantsMqtt()).isFalse();
        VirtualMeter survivor = meter(LoadProfile.constant(60, 1));
        for (int i = 1; i <= 6; i++) {
            survivor.advanceTo(T0.plusSeconds(i * 40L));
            survivor.reboot(T0.plusSeconds(i * 40L));
        }
        assertThat(survivor.phase()).isEqualTo(MeterPhase.RUNNING);
    }

    @Test
    void otaInstallsOnlyAValidApplicationForThisChip() {
        byte[] firmware = new byte[4096];
        new java.util.Random(1).nextBytes(firmware);
        byte[] good = RblHeader.buildFile(RblHeader.forPlainApplication("1.18.300", firmware, 1), firmware);
        byte[] corrupt = good.clone();
        corrupt[500] ^= 1;
        URI url = URI.create("http://127.0.0.1:9/OpenBK7231N_1.18.300.rbl");

        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        m.receive("cmnd/obk8C112233/ota_http", url.toString(), T0);
        assertThat(m.phase()).isEqualTo(MeterPhase.DOWNLOADING);
        assertThat(m.takeTransition()).contains(new MeterTransition.Download(url));
        m.finishDownload(url, Optional.of(corrupt), T0.plusSeconds(5));
        assertThat(m.build().mqttBuildString()).isEqualTo("OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        m.advanceTo(T0.plusSeconds(40)); // boots that die within 30 s would count towards safe mode
        m.finishDownload(URI.create("http://127.0.0.1:9/OpenBK7231T_1.18.300.rbl"), Optional.of(good),
                T0.plusSeconds(40));
        assertThat(m.build().version().toString()).isEqualTo("1.18.288");
        m.advanceTo(T0.plusSeconds(80));
        m.finishDownload(url, Optional.empty(), T0.plusSeconds(80));
        assertThat(m.build().version().toString()).isEqualTo("1.18.288");
        m.advanceTo(T0.plusSeconds(120));
        m.finishDownload(url, Optional.of(good), T0.plusSeconds(120));
        assertThat(m.build().mqttBuildString()).isEqualTo("OpenBK7231N 1.18.300 Mar  1 2025 10:11:12");
        assertThat(m.phase()).isEqualTo(MeterPhase.RUNNING);
    }

    @Test
    void aMeterWhoseDownloadsBreakOffKeepsItsBuildEvenForAGoodImage() {
        byte[] firmware = new byte[4096];
        new java.util.Random(2).nextBytes(firmware);
        byte[] good = RblHeader.buildFile(RblHeader.forPlainApplication("1.18.300", firmware, 1), firmware);
        URI url = URI.create("http://127.0.0.1:9/OpenBK7231N_1.18.300.rbl");
        MeterConfig weakWifi = MeterConfig.defaults(zmai.core.meter.MacAddress.parse("c8:47:8c:11:22:33"),
                FirmwareBuild.openBk7231n("1.18.288", java.time.LocalDateTime.of(2025, 3, 1, 10, 11, 12)),
                LoadProfile.constant(60, 1), 3).withOta(new OtaBehaviour(0, OtaFault.ABORTS_DOWNLOAD));
        VirtualMeter m = new VirtualMeter(weakWifi, T0);
        m.receive("cmnd/" + weakWifi.topic() + "/ota_http", url.toString(), T0);
        m.finishDownload(url, Optional.of(good), T0.plusSeconds(5));
        assertThat(m.build().version().toString()).isEqualTo("1.18.288");
        assertThat(m.phase()).isEqualTo(MeterPhase.RUNNING);
    }

    @Test
    void aMeterThatSwallowsOtaHttpStaysRunningWithNothingToFetch() {
        MeterConfig config = MeterConfig.defaults(MAC, BUILD, LoadProfile.constant(60, 1), 3)
                .withOta(new OtaBehaviour(0, OtaFault.SWALLOWS_COMMAND));
        VirtualMeter m = new VirtualMeter(config, T0);
        m.onConnected(T0);
        assertThat(m.receive("cmnd/obk8C112233/ota_http", "http://127.0.0.1:9/OpenBK7231N_1.18.300.rbl", T0))
                .isEmpty();
        assertThat(m.takeTransition()).isEmpty();
        assertThat(m.phase()).isEqualTo(MeterPhase.RUNNING);
        assertThat(m.wantsMqtt()).isTrue();
    }

    @Test
    void aBootloaderThatKeepsTheOldAppIgnoresAWholeValidImage() {
        byte[] firmware = new byte[4096];
        new java.util.Random(3).nextBytes(firmware);
        byte[] good = RblHeader.buildFile(RblHeader.forPlainApplication("1.18.300", firmware, 1), firmware);
        URI url = URI.create("http://127.0.0.1:9/OpenBK7231N_1.18.300.rbl");
        MeterConfig config = MeterConfig.defaults(MAC, BUILD, LoadProfile.constant(60, 1), 3)
                .withOta(new OtaBehaviour(0, OtaFault.BOOTLOADER_KEEPS_OLD));
        VirtualMeter m = new VirtualMeter(config, T0);
        m.receive("cmnd/obk8C112233/ota_http", url.toString(), T0);
        assertThat(m.takeTransition()).contains(new MeterTransition.Download(url));
        m.finishDownload(url, Optional.of(good), T0.plusSeconds(5));
        assertThat(m.build().version().toString()).isEqualTo("1.18.288");
        assertThat(m.phase()).isEqualTo(MeterPhase.RUNNING);
    }

    @Test
    void sameSeedSameClockSameOutput() {
        LoadProfile curve = new DayCurveLoad(80, 2500, 0.95, 11, java.time.ZoneOffset.UTC);
        VirtualMeter a = new VirtualMeter(MeterConfig.defaults(MAC, BUILD, curve, 5), T0);
        VirtualMeter b = new VirtualMeter(MeterConfig.defaults(MAC, BUILD, curve, 5), T0);
        a.onConnected(T0);
        b.onConnected(T0);
        assertThat(a.advanceTo(T0.plusSeconds(600))).isEqualTo(b.advanceTo(T0.plusSeconds(600)));
    }

    @Test
    void aPushedImageWaitsInThePartitionUntilTheNextBootLikeADownloadedOne() {
        byte[] firmware = new byte[4096];
        new java.util.Random(4).nextBytes(firmware);
        byte[] good = RblHeader.buildFile(RblHeader.forPlainApplication("1.18.300", firmware, 1), firmware);
        byte[] corrupt = good.clone();
        corrupt[500] ^= 1;
        VirtualMeter m = meter(LoadProfile.constant(2000, 1));
        m.onConnected(T0);
        m.advanceTo(T0.plusSeconds(40));
        assertThat(m.receivePushedImage(corrupt)).isEqualTo(corrupt.length);
        assertThat(m.isConnected()).as("no reboot of its own").isTrue();
        long before = m.energyMilliWh();
        assertThat(m.requestReboot(T0.plusSeconds(40))).isTrue();
        assertThat(m.takeTransition()).containsInstanceOf(MeterTransition.Reboot.class);
        m.reboot(T0.plusSeconds(41));
        assertThat(m.energyMilliWh()).as("saved before the reboot").isEqualTo(before);
        assertThat(m.build().version().toString()).isEqualTo("1.18.288");

        m.advanceTo(T0.plusSeconds(80));
        m.receivePushedImage(good);
        assertThat(m.build().version().toString()).isEqualTo("1.18.288");
        m.powerCut(T0.plusSeconds(81)); // any boot offers the partition to the bootloader
        assertThat(m.build().mqttBuildString()).isEqualTo("OpenBK7231N 1.18.300 Mar  1 2025 10:11:12");
        m.advanceTo(T0.plusSeconds(120));
        m.reboot(T0.plusSeconds(120));
        assertThat(m.build().version().toString()).as("installed once, stays").isEqualTo("1.18.300");
    }

    @Test
    void aPushIsRefusedDuringAnOtaHttpDownloadAndInSafeMode() {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        m.onConnected(T0);
        m.receive("cmnd/obk8C112233/ota_http", "http://127.0.0.1:9/OpenBK7231N_1.18.300.rbl", T0);
        assertThat(m.phase()).isEqualTo(MeterPhase.DOWNLOADING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.receivePushedImage(new byte[10]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ota_http");
        m.takeTransition();
        assertThat(m.requestReboot(T0)).as("the download ends in its own reboot").isFalse();

        VirtualMeter safe = meter(LoadProfile.constant(60, 1));
        for (int i = 1; i <= 4; i++) {
            safe.reboot(T0.plusSeconds(i * 10L));
        }
        assertThat(safe.phase()).isEqualTo(MeterPhase.SAFE_MODE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> safe.receivePushedImage(new byte[10]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("safe mode");
    }

    @Test
    void infoJsonCarriesTheHttpBuildStringAndUptime() throws Exception {
        VirtualMeter m = meter(LoadProfile.constant(60, 1));
        m.advanceTo(T0.plusSeconds(12));
        com.fasterxml.jackson.databind.JsonNode info = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(m.infoJson());
        assertThat(info.get("build").asText()).isEqualTo("Built on Mar  1 2025 10:11:12 version 1.18.288");
        assertThat(info.get("uptime_s").asLong()).isEqualTo(12);
        assertThat(info.get("mac").asText()).isEqualTo("c8:47:8c:11:22:33");
        assertThat(info.get("mqtttopic").asText()).isEqualTo("obk8C112233");
        assertThat(info.get("chipset").asText()).isEqualTo("BK7231N");
        assertThat(info.get("ip").asText()).isNotEmpty();
    }
}
