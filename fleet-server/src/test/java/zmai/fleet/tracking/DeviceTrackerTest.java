package zmai.fleet.tracking;

import org.junit.jupiter.api.Test;
import zmai.core.energy.ChannelRegister;
import zmai.core.energy.CounterUnit;
import zmai.core.topic.ParseResult;
import zmai.core.topic.TopicParser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracker fed with messages as the parser in {@code core} reads them off the wire. */
class DeviceTrackerTest {

    static final String MAC_A = "c8:47:8c:00:00:0a";
    static final String MAC_B = "c8:47:8c:00:00:0b";

    private final DeviceTracker tracker = new DeviceTracker(Duration.ofMinutes(10));
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");

    private void receive(String topic, String payload) {
        receive(topic, payload, false);
    }

    private void receive(String topic, String payload, boolean retained) {
        tracker.apply(parsed(topic, payload, retained), now);
    }

    private void redelivered(String topic, String payload) {
        tracker.apply(parsed(topic, payload, false), now, true);
    }

    private static zmai.core.topic.Inbound parsed(String topic, String payload, boolean retained) {
        ParseResult result = TopicParser.parse(topic, payload.getBytes(StandardCharsets.UTF_8), retained);
        assertThat(result).as(topic).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).inbound();
    }

    private void later(int seconds) {
        now = now.plusSeconds(seconds);
    }

    private static List<DeviceEventKind> kinds(TrackingChanges changes, String id) {
        return changes.events().stream().filter(e -> e.deviceId().equals(id)).map(TrackingChanges.Event::kind)
                .toList();
    }

    @Test
    void aMeterIsKnownByItsTopicUntilItReportsItsMacAndByTheMacFromThenOn() {
        receive("obk8C00000A/connected", "online");
        TrackingChanges first = tracker.drain();
        assertThat(first.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("topic:obk8C00000A");
            assertThat(d.online()).isTrue();
        });
        assertThat(kinds(first, "topic:obk8C00000A")).containsExactly(DeviceEventKind.DISCOVERED,
                DeviceEventKind.ONLINE);

        receive("obk8C00000A/mac", MAC_A);
        TrackingChanges second = tracker.drain();
        assertThat(second.rekeys()).containsExactly(new TrackingChanges.Rekey("topic:obk8C00000A", "c8478c00000a"));
        assertThat(second.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("c8478c00000a");
            assertThat(d.mac()).isEqualTo(MAC_A);
        });
        assertThat(tracker.topicOf("c8478c00000a")).contains("obk8C00000A");
    }

    @Test
    void aRenamedTopicIsTheSameMeter() {
        receive("kitchen/mac", MAC_A);
        receive("kitchen/build", "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        tracker.drain();
        later(60);
        receive("rack-a-07/connected", "online");
        receive("rack-a-07/mac", MAC_A);
        TrackingChanges changes = tracker.drain();

        assertThat(changes.merges()).containsExactly(new TrackingChanges.Merge("topic:rack-a-07", "c8478c00000a"));
        assertThat(changes.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("c8478c00000a");
            assertThat(d.topic()).isEqualTo("rack-a-07");
            assertThat(d.firmwareVersion()).isEqualTo("1.18.288");
        });
        // what the provisional device saw belongs to the meter now; its discovery is not news
        assertThat(kinds(changes, "c8478c00000a")).containsExactly(DeviceEventKind.ONLINE,
                DeviceEventKind.TOPIC_CHANGED);
        assertThat(tracker.size()).isEqualTo(1);
    }

    @Test
    void twoMetersSwitchingOneTopicBackAndForthAreFlaggedButOneSwapIsNot() {
        receive("obkTWIN/mac", MAC_A);
        later(30);
        receive("obkTWIN/mac", MAC_B);
        TrackingChanges swap = tracker.drain();
        assertThat(swap.devices()).allSatisfy(d -> assertThat(d.conflict()).isNull());

        later(30);
        receive("obkTWIN/mac", MAC_A);
        TrackingChanges fight = tracker.drain();
        assertThat(fight.devices()).extracting(TrackingChanges.DeviceState::id)
                .containsExactlyInAnyOrder("c8478c00000a", "c8478c00000b");
        assertThat(fight.devices()).allSatisfy(d -> assertThat(d.conflict()).contains("obkTWIN"));
        assertThat(kinds(fight, "c8478c00000a")).containsExactly(DeviceEventKind.CONFLICT);
        assertThat(kinds(fight, "c8478c00000b")).containsExactly(DeviceEventKind.CONFLICT);

        // once the topic has had one owner for long enough, the flag goes
        later(3600);
        receive("obkTWIN/mac", MAC_A);
        tracker.markSilent(now, Duration.ofHours(2));
        assertThat(tracker.drain().devices()).allSatisfy(d -> assertThat(d.conflict()).isNull());
    }

    @Test
    void anUptimeThatFallsIsAReboot_butAReplayedOlderUptimeIsNot() {
        receive("obkA/mac", MAC_A);
        receive("obkA/uptime", "3600");
        later(60);
        receive("obkA/uptime", "3660");
        later(1);
        // sent again after our reconnect because its acknowledgement was lost: lower, but old news
        redelivered("obkA/uptime", "3600");
        TrackingChanges quiet = tracker.drain();
        assertThat(kinds(quiet, "c8478c00000a")).doesNotContain(DeviceEventKind.REBOOT);

        later(120);
        receive("obkA/uptime", "12");
        TrackingChanges reboot = tracker.drain();
        assertThat(kinds(reboot, "c8478c00000a")).containsExactly(DeviceEventKind.REBOOT);
        assertThat(reboot.devices()).singleElement().satisfies(d -> {
            assertThat(d.reboots()).isEqualTo(1);
            assertThat(d.uptimeSeconds()).isEqualTo(12);
        });
    }

    @Test
    void aFirmwareChangeIsRecordedWithBothVersions() {
        receive("obkA/build", "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        receive("obkA/build", "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12");
        receive("obkA/build", "OpenBK7231N 1.18.301 Apr  2 2025 08:00:00");
        TrackingChanges changes = tracker.drain();
        assertThat(changes.events()).filteredOn(e -> e.kind() == DeviceEventKind.FIRMWARE_CHANGED).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("1.18.288 -> 1.18.301"));
        assertThat(changes.devices()).singleElement().satisfies(d -> {
            assertThat(d.firmwareVersion()).isEqualTo("1.18.301");
            assertThat(d.chip()).isEqualTo("BK7231N");
        });
    }

    @Test
    void retainedMessagesSetStateButAreNeverSamplesOrSightings() {
        receive("obkA/connected", "offline", true);
        Instant firstSeen = now;
        later(600);
        receive("obkA/energycounter", "1234", true);
        receive("obkA/uptime", "5", true);
        TrackingChanges changes = tracker.drain();
        assertThat(changes.samples()).isEmpty();
        assertThat(changes.devices()).singleElement().satisfies(d -> {
            assertThat(d.online()).isFalse();
            assertThat(d.lastSeen()).isEqualTo(firstSeen);
            assertThat(d.uptimeSeconds()).isNull();
        });
    }

    @Test
    void theRelayIsReadFromChannelOneAndFromTasmotaPower() {
        receive("obkA/1/get", "0");
        assertThat(tracker.drain().devices()).singleElement().satisfies(d -> assertThat(d.relayOn()).isFalse());
        receive("stat/obkA/POWER", "ON");
        assertThat(tracker.drain().devices()).singleElement().satisfies(d -> assertThat(d.relayOn()).isTrue());
    }

    @Test
    void aNewClearDateMakesTheNextTotalAProvenReset() {
        receive("obkA/mac", MAC_A);
        receive("obkA/energycounter_clear_date/get", "2026-01-01T00:00+01:00");
        receive("obkA/energycounter", "5000");
        TrackingChanges first = tracker.drain();
        assertThat(first.samples()).singleElement().satisfies(s -> assertThat(s.reset()).isFalse());
        assertThat(kinds(first, "c8478c00000a")).doesNotContain(DeviceEventKind.ENERGY_RESET);

        later(60);
        receive("obkA/energycounter_clear_date/get", "2026-03-01T12:00+01:00");
        receive("obkA/energycounter", "0");
        receive("obkA/energycounter", "1");
        TrackingChanges after = tracker.drain();
        assertThat(after.samples()).extracting(TrackingChanges.EnergySample::reset).containsExactly(true, false);
        assertThat(kinds(after, "c8478c00000a")).contains(DeviceEventKind.ENERGY_RESET);
    }

    @Test
    void energyCounterValuesAreKeptAsReceivedInArrivalOrder() {
        receive("obkA/mac", MAC_A);
        receive("obkA/energycounter", "1000.5");
        later(10);
        receive("obkA/energycounter", "1001");
        TrackingChanges changes = tracker.drain();
        // OpenBeken's energycounter is in Wh
        assertThat(changes.samples()).extracting(TrackingChanges.EnergySample::valueMwh)
                .containsExactly(1_000_500L, 1_001_000L);
        assertThat(changes.samples()).extracting(TrackingChanges.EnergySample::register)
                .containsOnly("energy_total");
        assertThat(changes.samples()).allSatisfy(s -> assertThat(s.deviceId()).isEqualTo("c8478c00000a"));
    }

    @Test
    void aSilentDeviceGoesOfflineAndADeletedOneIsForgottenWithItsPendingRows() {
        receive("obkA/connected", "online");
        receive("obkB/connected", "online");
        tracker.drain();
        later(400);
        receive("obkB/power", "12.5");
        tracker.markSilent(now, Duration.ofMinutes(5));
        TrackingChanges changes = tracker.drain();
        assertThat(kinds(changes, "topic:obkA")).containsExactly(DeviceEventKind.SILENT);
        assertThat(kinds(changes, "topic:obkB")).isEmpty();

        receive("obkA/energycounter", "5");
        tracker.forget("topic:obkA");
        assertThat(tracker.drain().isEmpty()).isTrue();
        assertThat(tracker.topicOf("topic:obkA")).isEmpty();
    }

    private static final String DISCOVERY = "homeassistant/sensor/OpenBK7231N_8C00000A_sensor_3/config";

    private static String discovery(String unit) {
        return "{\"~\":\"obkA\",\"stat_t\":\"~/energycounter/get\",\"dev_cla\":\"energy\","
                + "\"stat_cla\":\"total_increasing\",\"unit_of_meas\":\"" + unit + "\"}";
    }

    private static EnergySettings unit(CounterUnit unit) {
        return new EnergySettings(Optional.of(unit), Optional.empty());
    }

    private static EnergySettings channel(int number, long divider, CounterUnit unit) {
        return new EnergySettings(Optional.empty(), Optional.of(new ChannelRegister(number, divider, unit)));
    }

    @Test
    void withFlag40SetByTheOperatorEnergycounterIsReadInKilowattHours() {
        receive("obkA/mac", MAC_A);
        tracker.configureEnergy("c8478c00000a", unit(CounterUnit.KWH));
        receive("obkA/energycounter/get", "1234.567");
        later(10);
        receive("obkA/energycounter/get", "1234.568");
        // the daily registers stay in Wh whatever flag 40 says (spec 1.6)
        receive("obkA/energycounter_today/get", "850.5");
        TrackingChanges changes = tracker.drain();
        assertThat(changes.samples()).filteredOn(s -> s.register().equals("energy_total"))
                .extracting(TrackingChanges.EnergySample::valueMwh).containsExactly(1_234_567_000L, 1_234_568_000L);
        assertThat(changes.samples()).filteredOn(s -> s.register().equals("energy_today"))
                .extracting(TrackingChanges.EnergySample::valueMwh).containsExactly(850_500L);
    }

    @Test
    void theDiscoveryConfigSetsTheUnitUnlessTheOperatorSetOne() {
        receive("obkA/mac", MAC_A);
        receive(DISCOVERY, discovery("kWh"), true);
        receive("obkA/energycounter", "12.5");
        TrackingChanges declared = tracker.drain();
        assertThat(declared.samples()).singleElement().satisfies(s -> {
            assertThat(s.valueMwh()).isEqualTo(12_500_000L);
            assertThat(s.reset()).as("a first reading is a baseline already").isFalse();
        });
        assertThat(declared.events()).filteredOn(e -> e.kind() == DeviceEventKind.ENERGY_SETTINGS_CHANGED)
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("declares energycounter in kWh"));
        assertThat(declared.devices()).singleElement()
                .satisfies(d -> assertThat(d.declaredUnit()).isEqualTo(CounterUnit.KWH));

        // the same retained config again when we resubscribe is no news
        receive(DISCOVERY, discovery("kWh"), true);
        assertThat(kinds(tracker.drain(), "c8478c00000a")).isEmpty();

        tracker.configureEnergy("c8478c00000a", unit(CounterUnit.WH));
        later(10);
        receive("obkA/energycounter", "12600.5");
        assertThat(tracker.drain().samples()).extracting(TrackingChanges.EnergySample::valueMwh)
                .containsExactly(12_600_500L);
    }

    @Test
    void aChannelWithItsDividerIsTheBilledTotalAndTheDevicesOwnCounterIsKeptUnbilled() {
        receive("obkA/mac", MAC_A);
        receive("obkA/1/get", "1");
        tracker.configureEnergy("c8478c00000a", channel(3, 10, CounterUnit.KWH));
        receive("obkA/3/get", "12345");
        receive("obkA/energycounter/get", "5000");
        receive("obkA/3", "12346");   // flag 50
        TrackingChanges changes = tracker.drain();
        assertThat(changes.samples()).filteredOn(s -> s.register().equals("energy_total"))
                .extracting(TrackingChanges.EnergySample::valueMwh).containsExactly(1_234_500_000L, 1_234_600_000L);
        assertThat(changes.samples()).filteredOn(s -> s.register().equals(DeviceTracker.UNBILLED_TOTAL))
                .extracting(TrackingChanges.EnergySample::valueMwh).containsExactly(5_000_000L);
        assertThat(changes.devices()).singleElement().satisfies(d -> assertThat(d.relayOn()).isTrue());
    }

    @Test
    void aTenthKilowattHourCountOnTheRelayChannelIsEnergyNotTheRelay() {
        receive("obkA/mac", MAC_A);
        tracker.configureEnergy("c8478c00000a", channel(1, 1, CounterUnit.TENTH_KWH));
        receive("obkA/1/get", "2300");
        // a retained channel value is the broker's snapshot, not a reading
        receive("obkA/1/get", "2301", true);
        TrackingChanges changes = tracker.drain();
        assertThat(changes.samples()).extracting(TrackingChanges.EnergySample::valueMwh)
                .containsExactly(230_000_000L);
        assertThat(changes.devices()).singleElement().satisfies(d -> assertThat(d.relayOn()).isNull());
    }

    @Test
    void tasmotaAndOpenBekenTotalsSayTheirUnitByTheirKeyWhateverEnergycounterIsSetTo() {
        receive("obkA/mac", MAC_A);
        tracker.configureEnergy("c8478c00000a", unit(CounterUnit.KWH));
        receive("tele/obkA/SENSOR", "{\"ENERGY\":{\"ConsumptionTotal\":1500.25}}");
        receive("tele/plug/SENSOR", "{\"ENERGY\":{\"Total\":1.5}}");
        TrackingChanges changes = tracker.drain();
        assertThat(changes.samples()).extracting(TrackingChanges.EnergySample::valueMwh)
                .containsExactly(1_500_250L, 1_500_000L);
    }

    @Test
    void theFirstTotalReadAnotherWayIsANewBaselineOnceEvenAcrossARestart() {
        receive("obkA/mac", MAC_A);
        receive("obkA/energycounter", "1234.5");
        later(10);
        receive("obkA/energycounter", "1234.6");
        tracker.drain();

        // the meter had flag 40 all along: its "Wh" were kWh; the next reading cannot be compared with the last
        tracker.configureEnergy("c8478c00000a", unit(CounterUnit.KWH));
        later(10);
        receive("obkA/energycounter", "1234.7");
        later(10);
        receive("obkA/energycounter", "1234.8");
        TrackingChanges changed = tracker.drain();
        assertThat(changed.samples()).extracting(TrackingChanges.EnergySample::reset).containsExactly(true, false);
        assertThat(changed.samples()).extracting(TrackingChanges.EnergySample::valueMwh)
                .containsExactly(1_234_700_000L, 1_234_800_000L);
        assertThat(changed.events()).filteredOn(e -> e.kind() == DeviceEventKind.ENERGY_REBASELINED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("energycounter in kWh").contains("energycounter in Wh"));

        // a restart starts from what was written: no second baseline for the same settings
        DeviceTracker restarted = new DeviceTracker(Duration.ofMinutes(10));
        restarted.load(changed.devices());
        later(10);
        restarted.apply(parsed("obkA/energycounter", "1234.9", false), now);
        assertThat(restarted.drain().samples()).singleElement().satisfies(s -> {
            assertThat(s.reset()).isFalse();
            assertThat(s.valueMwh()).isEqualTo(1_234_900_000L);
        });

        // switching to a channel is a new baseline too; switching back to the same settings before any reading is not
        restarted.configureEnergy("c8478c00000a", channel(3, 1, CounterUnit.TENTH_KWH));
        restarted.configureEnergy("c8478c00000a", unit(CounterUnit.KWH));
        later(10);
        restarted.apply(parsed("obkA/energycounter", "1235.0", false), now);
        assertThat(restarted.drain().samples()).singleElement().satisfies(s -> assertThat(s.reset()).isFalse());
    }
}
