package zmai.core.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import zmai.core.energy.AccountingEvent.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One example per pitfall in the energy-accounting spec's table, plus each decision rule. */
class CounterAccountantTest {

    private static final long TENTH_KWH = 100_000;
    private static final AccountingPolicy ZMAI90 = AccountingPolicy.forQuantum(TENTH_KWH);
    private static final AccountingPolicy OPENBEKEN_WH = AccountingPolicy.forQuantum(1);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static CounterReading at(long minutes, long mwh) {
        return CounterReading.of(T0.plus(Duration.ofMinutes(minutes)), mwh);
    }

    private static long wh(double wattHours) {
        return Math.round(wattHours * 1000);
    }

    private static List<Kind> kinds(Accounting accounting) {
        return accounting.events().stream().map(AccountingEvent::kind).toList();
    }

    @Test
    void firstReadingIsTheBaselineAndNeverEnergy() {
        // a new meter may start at 1234.5 kWh
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 12_345 * TENTH_KWH)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE);
        assertThat(a.totalMwh()).isZero();
    }

    @Test
    void tenthKwhDownwardJitterIsAGlitchNotAReset() {
        // grott#99: 215.7 -> 215.6 -> 215.7 kWh must not add the whole lifetime counter
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 2157 * TENTH_KWH), at(5, 2156 * TENTH_KWH),
                at(10, 2157 * TENTH_KWH), at(70, 2158 * TENTH_KWH)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.GLITCH_DISCARDED, Kind.ACCEPTED);
        assertThat(a.totalMwh()).isEqualTo(TENTH_KWH);
    }

    @Test
    void aRepeatedLowValueIsStillOneOpinionSoJitterCountsNothingTwice() {
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 2157 * TENTH_KWH), at(5, 2156 * TENTH_KWH),
                at(6, 2156 * TENTH_KWH), at(10, 2157 * TENTH_KWH)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.GLITCH_DISCARDED);
        assertThat(a.totalMwh()).isZero();
    }

    @Test
    void rewindAfterRebootCountsZeroAndRebaselines() {
        // OpenBeken saves every 10 Wh: after a power cut the counter comes back a little lower
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(
                at(0, wh(10_000)).withUptimeSeconds(86_400),
                at(10, wh(10_008)).withUptimeSeconds(87_000),
                at(12, wh(10_000.5)).withUptimeSeconds(20),
                at(20, wh(10_012.5)).withUptimeSeconds(500)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.ACCEPTED, Kind.REWIND, Kind.ACCEPTED);
        assertThat(a.totalMwh()).isEqualTo(wh(8) + wh(12));
        assertThat(a.eventsOf(Kind.REWIND).get(0).evidence()).contains("uptime 87000 s → 20 s");
    }

    @Test
    void bootCounterChangeMarksARebootToo() {
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 2300 * TENTH_KWH).withBootCount(17),
                at(60, 2299 * TENTH_KWH).withBootCount(18), at(120, 2300 * TENTH_KWH).withBootCount(18)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.REWIND, Kind.ACCEPTED);
        assertThat(a.totalMwh()).isEqualTo(TENTH_KWH);
    }

    @Test
    void rebootWithAHigherCounterIsAnOrdinaryIncrease() {
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 2300 * TENTH_KWH).withBootCount(1),
                at(60, 2302 * TENTH_KWH).withBootCount(2)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.ACCEPTED);
        assertThat(a.totalMwh()).isEqualTo(2 * TENTH_KWH);
    }

    @Test
    void aDropBeyondTheRewindToleranceWaitsForConfirmationEvenAfterAReboot() {
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(5_000)).withBootCount(1),
                at(10, wh(4_000)).withBootCount(2), at(20, wh(4_010)).withBootCount(2)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.REWIND, Kind.ACCEPTED);
        assertThat(a.totalMwh()).as("the 4 kWh after the drop are not energy").isEqualTo(wh(10));
    }

    @Test
    void anUnexplainedDropConfirmedByTheNextReadingRebaselinesWithoutCounting() {
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(5_000)), at(10, wh(20)), at(20, wh(30)),
                at(30, wh(45))));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.REWIND, Kind.ACCEPTED, Kind.ACCEPTED);
        AccountingEvent rewind = a.eventsOf(Kind.REWIND).get(0);
        assertThat(rewind.reading().valueMwh()).isEqualTo(wh(20));
        assertThat(rewind.evidence()).contains("confirmed by the reading at " + T0.plus(Duration.ofMinutes(20)));
        assertThat(a.totalMwh()).isEqualTo(wh(25));
    }

    @Test
    void aTotalThatJumpsUpAfterAPowerLossAndFallsBackIsAGlitch() {
        // Tasmota#10348 and #16791: after a power cut the total came back far too high, then corrected itself
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(10_000)).withBootCount(4),
                at(1, wh(900_000)).withBootCount(5), at(2, wh(10_001)).withBootCount(5)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.GLITCH_DISCARDED, Kind.ACCEPTED);
        assertThat(a.totalMwh()).isEqualTo(wh(1));
    }

    @Test
    void monthLongSilenceThenCatchUpIsSpreadOverTheWholeGap() {
        // home-assistant/frontend#28177: no -1400 kWh spike and no counter-spike after a month off
        Instant back = T0.plus(Duration.ofDays(31));
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 10_000 * TENTH_KWH),
                CounterReading.of(back, 12_976 * TENTH_KWH)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.ACCEPTED);
        assertThat(a.quarterHours()).hasSize(31 * 96);
        // 297.6 kWh over 2976 quarter hours is exactly 100 Wh each
        assertThat(a.quarterHours().values()).containsOnly(TENTH_KWH);
    }

    @Test
    void implausibleJumpCountsAsCatchUpOnlyWhenTheNextReadingContinuesFromIt() {
        // 50 kWh in one minute is 3 MW: held
        Accounting confirmed = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(1_000)), at(1, wh(51_000)),
                at(2, wh(51_100))));
        assertThat(kinds(confirmed)).containsExactly(Kind.BASELINE, Kind.CATCH_UP, Kind.ACCEPTED);
        assertThat(confirmed.totalMwh()).isEqualTo(wh(50_100));

        Accounting contradicted = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(1_000)), at(1, wh(51_000)),
                at(2, wh(1_100))));
        assertThat(kinds(contradicted)).containsExactly(Kind.BASELINE, Kind.GLITCH_DISCARDED, Kind.ACCEPTED);
        assertThat(contradicted.totalMwh()).isEqualTo(wh(100));
    }

    @Test
    void plausibilityIsMeasuredFromTheLastChangePointNotTheLastHeartbeat() {
        // 0.1 kWh counter idle for 10 hours (heartbeats), then one step: plausible over 10 h, not 5 min
        Accounting a = Accounting.of(ZMAI90, List.of(at(0, 2300 * TENTH_KWH), at(595, 2300 * TENTH_KWH),
                at(600, 2301 * TENTH_KWH)));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.ACCEPTED);
        assertThat(a.events().get(1).intervalStart()).isEqualTo(T0);
        assertThat(a.quarterHours()).hasSize(40);
    }

    @Test
    void explicitResetKeepsWhatWasCountedAndCountsOnlyThePostResetMovement() {
        // luuuis/hass_wibeee#191: a reset must not wipe 407.8 kWh of history
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, 0), at(6_000, wh(407_800)),
                at(6_060, 0).asReset(), at(6_120, wh(6_800))));
        assertThat(kinds(a)).containsExactly(Kind.BASELINE, Kind.ACCEPTED, Kind.RESET, Kind.ACCEPTED);
        assertThat(a.totalMwh()).isEqualTo(wh(407_800 + 6_800));
        assertThat(a.energyByEpoch()).containsEntry(0, wh(407_800)).containsEntry(1, wh(6_800));
    }

    @Test
    void theResetReadingsOwnValueIsNeverEnergy() {
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(100)), at(10, wh(500)).asReset(),
                at(20, wh(510))));
        assertThat(a.totalMwh()).isEqualTo(wh(10));
    }

    @Test
    void serverRestartContinuesFromTheCheckpointAndReplayAddsNothing() {
        // home-assistant/core#115065: a restart must not add the previous value again
        List<CounterReading> readings = List.of(at(0, wh(1_000)), at(10, wh(1_050)), at(20, wh(1_090)),
                at(30, wh(1_200)), at(40, wh(1_210)));
        Accounting whole = Accounting.of(OPENBEKEN_WH, readings);
        Accounting beforeRestart = Accounting.of(OPENBEKEN_WH, readings.subList(0, 3));
        CounterAccountant accountant = new CounterAccountant(OPENBEKEN_WH);
        // after the restart the broker replays everything; the checkpoint ignores what it has seen
        Accounting afterRestart = Accounting.continued(accountant, beforeRestart.state(),
                readings.subList(2, 5));
        assertThat(beforeRestart.totalMwh() + afterRestart.totalMwh()).isEqualTo(whole.totalMwh()).isEqualTo(wh(210));
    }

    @Test
    void aReadingOlderThanTheCheckpointIsRefusedNotMiscounted() {
        CounterAccountant accountant = new CounterAccountant(OPENBEKEN_WH);
        Accounting upTo = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(1_000)), at(10, wh(1_050))));
        assertThatThrownBy(() -> accountant.next(upTo.state().orElseThrow(), at(5, wh(1_020))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("precedes the last accounted one");
    }

    @Test
    void lateAndOutOfOrderReadingsGiveTheSameAnswerThroughTheLedger() {
        CounterLedger inOrder = new CounterLedger();
        CounterLedger shuffled = new CounterLedger();
        List<CounterReading> readings = List.of(at(0, wh(1_000)), at(10, wh(1_050)), at(20, wh(1_040)),
                at(30, wh(1_200)), at(40, wh(1_210)));
        readings.forEach(inOrder::add);
        for (int i : new int[]{3, 0, 4, 1, 2, 3, 0}) {
            shuffled.add(readings.get(i));
        }
        assertThat(shuffled.account(OPENBEKEN_WH)).isEqualTo(inOrder.account(OPENBEKEN_WH));
        assertThat(shuffled.readings()).hasSize(5);
    }

    @Test
    void summedQuarterHoursEqualTheTotalExactly() {
        // prometheus#3746: window increases must add up to the total, with no extrapolation
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, 0), at(7, wh(3.333)), at(61, wh(100)),
                at(200, wh(100.001)), at(1_441, wh(2_000))));
        assertThat(a.quarterHours().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(a.totalMwh()).isEqualTo(wh(2_000));
    }

    @Test
    void everyEventCarriesItsEvidence() {
        Accounting a = Accounting.of(OPENBEKEN_WH, List.of(at(0, wh(1_000)), at(10, wh(1_050))));
        assertThat(a.events()).allSatisfy(e -> assertThat(e.evidence()).isNotBlank());
        assertThat(a.events().get(1).evidence()).contains("rose 50.000 Wh in PT10M");
    }

    @Test
    void policyRefusesImpossibleLimits() {
        assertThatThrownBy(() -> new AccountingPolicy(100_000, 1)).hasMessageContaining("below 100000 W");
        assertThatThrownBy(() -> new AccountingPolicy(16_000, 0)).hasMessageContaining("quantum");
        assertThat(ZMAI90.rewindToleranceMwh()).isEqualTo(200_000);
        assertThat(AccountingPolicy.forQuantum(150_000).rewindToleranceMwh()).isEqualTo(300_000);
        // 16 kW for one hour, +20 %, + one quantum
        assertThat(ZMAI90.plausibleIncreaseMwh(Duration.ofHours(1))).isEqualTo(19_200_000 + TENTH_KWH);
        assertThat(Optional.of(ZMAI90.plausibleIncreaseMwh(Duration.ofDays(365 * 300)))).hasValueSatisfying(
                v -> assertThat(v).isPositive());
    }
}
