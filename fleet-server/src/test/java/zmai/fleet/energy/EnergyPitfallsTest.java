package zmai.fleet.energy;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.fleet.energy.EnergyApi.assertImport;
import static zmai.fleet.energy.EnergyApi.importCsv;
import static zmai.fleet.energy.EnergyApi.importNdjson;
import static zmai.fleet.energy.EnergyApi.kwh;
import static zmai.fleet.energy.EnergyApi.ndjson;

/**
 * Each accounting pitfall of the energy-accounting spec (sections 2 and 5) end to end through the import path:
 * readings in through {@code POST /api/readings}, energy out through the monthly report. Every expected figure
 * is worked out here from the readings, never taken from the server.
 */
@QuarkusTest
class EnergyPitfallsTest {

    private static final String JANUARY = "2025-01";
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final EnergyApi e = new EnergyApi();

    private static long wh(long wh) {
        return wh * 1000;
    }

    private static String boot(int boot) {
        return ",\"boot\":" + boot;
    }

    @Test
    void aRewindAfterARebootCountsNothingAndRebaselines() {
        String meter = e.device("rewind");
        e.circuitOf("rewind", "UTC", meter);
        assertImport(importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", boot(5))
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", boot(5))
                // reboot: boot counter up, 50 Wh of unsaved energy lost (within 200 Wh): count 0, new baseline 1050
                + ndjson(meter, "2025-01-10T02:00:00Z", 1050, "Wh", boot(6))
                + ndjson(meter, "2025-01-10T03:00:00Z", 1150, "Wh", boot(6))), 4, 0, 0);
        // 100 Wh before the reboot, 100 Wh after it from the new baseline (not 50 Wh from the old level)
        assertThat(e.mwh(JANUARY, "rewind")).isEqualTo(wh(1100 - 1000) + wh(1150 - 1050));
    }

    @Test
    void aRewindOfExactlyTheToleranceOnATenthKwhMeterIsStillARewind() {
        String meter = e.device("rewind-edge");
        e.declareDevice(meter, "0.1kWh");
        e.circuitOf("rewind-edge", "UTC", meter);
        // quantum 100 Wh: tolerance max(200 Wh, 2 quanta) = 200 Wh; the drop 2310 -> 2308 is exactly 200 Wh
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 2300, "0.1kWh", boot(1))
                + ndjson(meter, "2025-01-10T01:00:00Z", 2310, "0.1kWh", boot(1))
                + ndjson(meter, "2025-01-10T02:00:00Z", 2308, "0.1kWh", boot(2))
                + ndjson(meter, "2025-01-10T03:00:00Z", 2312, "0.1kWh", boot(2)));
        assertThat(e.mwh(JANUARY, "rewind-edge")).isEqualTo(wh((2310 - 2300) * 100) + wh((2312 - 2308) * 100));
    }

    @Test
    void theRewindToleranceIsTwoQuantaForACoarseMeter() {
        String meter = e.device("rewind-coarse");
        e.declareDevice(meter, "0.5kWh");
        e.circuitOf("rewind-coarse", "UTC", meter);
        // quantum 500 Wh: tolerance 1 kWh; a drop of 800 Wh after a reboot is a rewind
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", "100.0", "kWh", boot(1))
                + ndjson(meter, "2025-01-10T02:00:00Z", "103.0", "kWh", boot(1))
                + ndjson(meter, "2025-01-10T03:00:00Z", "102.2", "kWh", boot(2))
                + ndjson(meter, "2025-01-10T05:00:00Z", "104.7", "kWh", boot(2)));
        assertThat(e.mwh(JANUARY, "rewind-coarse")).isEqualTo(kwh("3.0") + kwh("2.5"));
    }

    @Test
    void aBootChangeWithAHigherCounterIsAnOrdinaryIncrease() {
        String meter = e.device("boot-up");
        e.circuitOf("boot-up", "UTC", meter);
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", boot(5))
                + ndjson(meter, "2025-01-10T01:00:00Z", 1300, "Wh", boot(6))
                + ndjson(meter, "2025-01-10T02:00:00Z", 1400, "Wh", boot(6)));
        assertThat(e.mwh(JANUARY, "boot-up")).isEqualTo(wh(1400 - 1000));
    }

    @Test
    void anExplicitResetStartsANewEpochAndItsValueIsNotEnergy() {
        String meter = e.device("reset");
        e.circuitOf("reset", "UTC", meter);
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", "")
                // reset to 30 Wh: the 30 Wh are not energy, nor is the fall from 1100 Wh
                + ndjson(meter, "2025-01-10T02:00:00Z", 30, "Wh", ",\"reset\":true")
                + ndjson(meter, "2025-01-10T03:00:00Z", 80, "Wh", "")
                + ndjson(meter, "2025-01-10T04:00:00Z", 95, "Wh", ""));
        assertThat(e.mwh(JANUARY, "reset")).isEqualTo(wh(1100 - 1000) + wh(95 - 30));
    }

    @Test
    void anExplicitResetInCsvCountsTheSame() {
        String meter = e.device("reset-csv");
        e.circuitOf("reset-csv", "UTC", meter);
        assertImport(importCsv("device,ts,register,value,unit,boot,reset\n"
                + meter + ",2025-01-10T00:00:00Z,energy_total,1000,Wh,,\n"
                + meter + ",2025-01-10T01:00:00Z,energy_total,1100,Wh,,false\n"
                + meter + ",2025-01-10T02:00:00Z,energy_total,1090,Wh,,true\n"
                + meter + ",2025-01-10T03:00:00Z,energy_total,1190,Wh,,\n"), 4, 0, 0);
        // a reset 10 Wh below the previous level, with no boot change: proven by the flag, never a glitch
        assertThat(e.mwh(JANUARY, "reset-csv")).isEqualTo(wh(100) + wh(100));
    }

    @Test
    void aSingleLowGlitchCountsNothing() {
        String meter = e.device("low-glitch");
        e.circuitOf("low-glitch", "UTC", meter);
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", boot(5))
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", boot(5))
                + ndjson(meter, "2025-01-10T01:30:00Z", 900, "Wh", boot(5))
                + ndjson(meter, "2025-01-10T02:00:00Z", 1150, "Wh", boot(5)));
        // the 900 Wh reading neither rebaselines (that would count 250 Wh) nor subtracts anything
        assertThat(e.mwh(JANUARY, "low-glitch")).isEqualTo(wh(1150 - 1000));
    }

    @Test
    void aSingleLowGlitchFollowedByTheSameLevelCountsNothing() {
        String meter = e.device("low-glitch-at");
        e.circuitOf("low-glitch-at", "UTC", meter);
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", "")
                + ndjson(meter, "2025-01-10T01:30:00Z", 1099.9, "Wh", "")
                + ndjson(meter, "2025-01-10T02:00:00Z", 1100, "Wh", "")
                + ndjson(meter, "2025-01-10T03:00:00Z", 1200, "Wh", ""));
        assertThat(e.mwh(JANUARY, "low-glitch-at")).isEqualTo(wh(1200 - 1000));
    }

    @Test
    void aConfirmedDropWithoutProofCountsNothing() {
        String meter = e.device("drop");
        e.circuitOf("drop", "UTC", meter);
        // two readings agree on a lower level: a rewind (count 0, new baseline), never a reset that adds the value
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 5000, "Wh", "")
                + ndjson(meter, "2025-01-10T01:00:00Z", 5100, "Wh", "")
                + ndjson(meter, "2025-01-10T02:00:00Z", 40, "Wh", "")
                + ndjson(meter, "2025-01-10T03:00:00Z", 60, "Wh", "")
                + ndjson(meter, "2025-01-10T04:00:00Z", 70, "Wh", ""));
        assertThat(e.mwh(JANUARY, "drop")).isEqualTo(wh(100) + wh(60 - 40) + wh(70 - 60));
    }

    @Test
    void aSingleImplausibleSpikeNotContinuedCountsNothing() {
        String meter = e.device("spike");
        e.circuitOf("spike", "UTC", meter);
        // 98.9 kWh in an hour is far above 16 kW x 1 h x 1.2 + 1 mWh
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", "")
                + ndjson(meter, "2025-01-10T02:00:00Z", 99_999, "Wh", "")
                + ndjson(meter, "2025-01-10T03:00:00Z", 1200, "Wh", "")
                + ndjson(meter, "2025-01-10T04:00:00Z", 1300, "Wh", ""));
        assertThat(e.mwh(JANUARY, "spike")).isEqualTo(wh(1300 - 1000));
    }

    @Test
    void anImplausibleJumpThatTheNextReadingContinuesIsACatchUp() {
        String meter = e.device("catch-up");
        e.circuitOf("catch-up", "UTC", meter);
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", "")
                + ndjson(meter, "2025-01-10T02:00:00Z", 99_999, "Wh", "")
                + ndjson(meter, "2025-01-10T03:00:00Z", 100_100, "Wh", ""));
        assertThat(e.mwh(JANUARY, "catch-up")).isEqualTo(wh(100_100 - 1000));
    }

    @Test
    void anIncreaseAfterAMonthLongSilenceIsSpreadOverTheWholeSilence() {
        String meter = e.device("silence");
        e.circuitOf("silence", "Europe/Warsaw", meter);
        Instant before = Instant.parse("2025-01-20T09:10:00Z");
        Instant after = Instant.parse("2025-02-24T17:47:13Z");
        long energy = 987_654_321;
        importNdjson(ndjson(meter, "2025-01-19T00:00:00Z", "100000.000", "Wh", "")
                + ndjson(meter, "2025-01-20T10:10:00+01:00", "110000.000", "Wh", "")
                + ndjson(meter, after.toString(), EnergyApi.wh(110_000_000 + energy), "Wh", ""));
        ZoneId warsaw = ZoneId.of("Europe/Warsaw");
        EnergyApi.Expected expected = new EnergyApi.Expected()
                .add(wh(10_000), Instant.parse("2025-01-19T00:00:00Z"), before)
                .add(energy, before, after);
        long january = expected.month(YearMonth.of(2025, 1), warsaw);
        long february = expected.month(YearMonth.of(2025, 2), warsaw);
        // Warsaw's February starts 2025-01-31T23:00Z: 11 d 13 h 50 min of the 35 d 8 h 37 min 13 s silence are January's
        assertThat(january).isGreaterThan(wh(10_000) + 300_000_000).isLessThan(wh(10_000) + 330_000_000);
        assertThat(e.mwh("2025-01", "silence")).isEqualTo(january);
        assertThat(e.mwh("2025-02", "silence")).isEqualTo(february);
        assertThat(january + february).isEqualTo(wh(10_000) + energy);
        assertThat(e.mwh("2025-03", "silence")).isZero();
    }

    @Test
    void aFlatCounterSpreadsTheNextIncreaseFromTheFirstSightingOfItsLevel() {
        String meter = e.device("flat");
        e.circuitOf("flat", "UTC", meter);
        // the counter stands at 2000 Wh from 30 January on (heartbeats), then rises on 3 February:
        // the increase is spread from the change point (30 Jan 12:00), not from the last heartbeat
        importNdjson(ndjson(meter, "2025-01-30T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2025-01-30T12:00:00Z", 2000, "Wh", "")
                + ndjson(meter, "2025-01-31T12:00:00Z", 2000, "Wh", "")
                + ndjson(meter, "2025-02-01T12:00:00Z", 2000, "Wh", "")
                + ndjson(meter, "2025-02-03T12:00:00Z", 2000, "Wh", "")
                + ndjson(meter, "2025-02-04T12:00:00Z", 6000, "Wh", ""));
        EnergyApi.Expected expected = new EnergyApi.Expected()
                .add(wh(1000), Instant.parse("2025-01-30T00:00:00Z"), Instant.parse("2025-01-30T12:00:00Z"))
                .add(wh(4000), Instant.parse("2025-01-30T12:00:00Z"), Instant.parse("2025-02-04T12:00:00Z"));
        // 1.5 of the 5 days of the 4 kWh rise are January's: 1 kWh + 1.2 kWh
        assertThat(expected.month(YearMonth.of(2025, 1), UTC)).isEqualTo(wh(1000) + wh(1200));
        assertThat(e.mwh("2025-01", "flat")).isEqualTo(wh(2200));
        assertThat(e.mwh("2025-02", "flat")).isEqualTo(wh(2800));
    }

    @Test
    void theFirstReadingIsABaselineAndNeverEnergy() {
        String meter = e.device("baseline");
        e.circuitOf("baseline", "UTC", meter);
        assertImport(importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", "1234.5", "kWh", "")), 1, 0, 0);
        assertThat(e.mwh(JANUARY, "baseline")).isZero();
        importNdjson(ndjson(meter, "2025-01-11T00:00:00Z", "1235.75", "kWh", ""));
        assertThat(e.mwh(JANUARY, "baseline")).isEqualTo(kwh("1.25"));
        // an earlier reading arrives: it is now the first, the baseline, and 1234.5 kWh becomes an increase
        importNdjson(ndjson(meter, "2025-01-09T00:00:00Z", "1200", "kWh", ""));
        assertThat(e.mwh(JANUARY, "baseline")).isEqualTo(kwh("35.75"));
    }

    @Test
    void otherSpellingsOfStoredReadingsAreDuplicatesAndChangeNothing() {
        String meter = e.device("spellings");
        e.circuitOf("spellings", "UTC", meter);
        assertImport(importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 2300, "0.1kWh", boot(4))
                + ndjson(meter, "2025-01-10T06:30:00.250Z", "230.5", "kWh", boot(4))
                + ndjson(meter, "2025-01-11T00:00:00+01:00", 231.2, "kWh", boot(4))), 3, 0, 0);
        long before = e.mwh(JANUARY, "spellings");
        assertThat(before).isEqualTo(kwh("1.2"));

        assertImport(importNdjson(ndjson(meter, "2025-01-10T01:00:00+01:00", 230, "kWh", "")
                + ndjson(meter, "2025-01-10T00:00:00.000000000Z", "230.000", "kWh", boot(4))
                + ndjson(meter, "2025-01-10T00:00:00Z", "230000", "Wh", "")
                + ndjson(meter, "2025-01-10T12:00:00.25+05:30", 230500, "Wh", "")
                + ndjson(meter, "2025-01-10T06:30:00.250000Z", 2305, "0.1kWh", "")
                + ndjson(meter, "2025-01-10T06:30:00.25Z", "230.50000", "kWh", "")
                + ndjson(meter, "2025-01-10T06:30:00.25Z", 230.500, "kWh", "")
                + ndjson(meter, "2025-01-10T18:00:00-05:00", "2312", "0.1kWh", "")
                + ndjson(meter, "2025-01-10t23:00:00z", 231200.000, "Wh", "")
                + ndjson(meter, "2025-01-10T23:00:00.000Z", "231.2000", "kWh", boot(4))), 0, 10, 0);
        assertImport(importCsv("device,ts,register,value,unit\n"
                + meter + ",2025-01-10T00:00:00+00:00,energy_total,230.0,kWh\n"
                + meter + ",2025-01-10T07:30:00.250+01:00,energy_total,2305.0,0.1kWh\n"
                + meter + ",2025-01-10T23:00:00Z,energy_total,231200,Wh\n"), 0, 3, 0);
        assertThat(e.mwh(JANUARY, "spellings")).isEqualTo(before);
    }

    @Test
    void badLinesAreRejectedWithTheirPhysicalLineNumbersAndGoodOnesStored() {
        String meter = e.device("malformed");
        e.circuitOf("malformed", "UTC", meter);
        String body = ndjson(meter, "2025-01-10T00:00:00Z", 5, "kWh", "")                    // 1 good
                + "{not json\n"                                                               // 2
                + "\n"                                                                        // 3 blank
                + "{\"ts\":\"2025-01-10T01:00:00Z\",\"register\":\"energy_total\",\"value\":6,\"unit\":\"kWh\"}\n" // 4 no device
                + ndjson(meter, "2025-01-10T02:00:00Z", "NaN", "kWh", "")                   // 5
                + ndjson(meter, "2025-01-10T03:00:00Z", -1, "kWh", "")                      // 6
                + ndjson(meter, "2025-01-10T04:00:00Z", 7, "MWh", "")                       // 7
                + ndjson(meter, "2025-01-10T05:00:00", 7, "kWh", "")                        // 8 no offset
                + ndjson(meter, "2025-01-10T06:00:00Z", 8, "kWh", "")                       // 9 good
                + "{\"device\":\"" + meter + "\",\"ts\":\"2025-01-10T07:00:00Z\",\"register\":\"energy_total\","
                + "\"value\":NaN,\"unit\":\"kWh\"}\n"                                         // 10 NaN number
                + ndjson(meter, "2025-01-10T08:00:00Z", "-0.5", "kWh", "")                  // 11 negative text
                + ndjson(meter, "2025-01-10T09:00:00Z", 9, "kWh", "").replace("\n", "\r\n"); // 12 good, CRLF
        JsonPath answer = importNdjson(body);
        assertImport(answer, 3, 0, 8);
        assertThat(answer.getList("errors.line", Integer.class)).containsExactly(2, 4, 5, 6, 7, 8, 10, 11);
        assertThat(answer.getList("errors.message", String.class)).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(e.mwh(JANUARY, "malformed")).isEqualTo(kwh("4"));
    }

    @Test
    void badCsvLinesAreRejectedWithTheirPhysicalLineNumbersCountingTheHeader() {
        String meter = e.device("malformed-csv");
        e.circuitOf("malformed-csv", "UTC", meter);
        String body = "device,ts,register,value,unit\n"                              // 1 header
                + meter + ",2025-01-10T00:00:00Z,energy_total,5,kWh\n"               // 2 good
                + meter + ",2025-01-10T01:00:00Z,energy_total,6\n"                   // 3 missing column
                + "\n"                                                               // 4 blank
                + meter + ",2025-01-10T02:00:00Z,energy_total,7,kWh\n"               // 5 good
                + meter + ",2025-01-10T03:00:00Z,energy_total,8,kWh,extra\n"         // 6 too many fields
                + meter + ",2025-01-10 04:00:00,energy_total,9,kWh\n"                // 7 no offset
                + ",2025-01-10T05:00:00Z,energy_total,9,kWh\n"                       // 8 no device
                + meter + ",2025-01-10T06:00:00Z,energy_total,NaN,kWh\n"             // 9 NaN
                + meter + ",2025-01-10T07:00:00Z,energy_total,-3,kWh\n"              // 10 negative
                + meter + ",2025-01-10T08:00:00Z,energy_total,9,kwh\n"               // 11 unknown unit
                + meter + ",2025-01-10T09:00:00Z,energy_total,9.5,kWh\n";            // 12 good
        JsonPath answer = importCsv(body);
        assertImport(answer, 3, 0, 7);
        assertThat(answer.getList("errors.line", Integer.class)).containsExactly(3, 6, 7, 8, 9, 10, 11);
        assertThat(e.mwh(JANUARY, "malformed-csv")).isEqualTo(kwh("4.5"));
    }

    @Test
    void aMeterSwapReportsTheGapAsUnmeteredAndNeverInventsEnergy() {
        String old = e.device("swap-old");
        String replacement = e.device("swap-new");
        long circuit = e.circuit("swap", "Europe/Warsaw");
        ZoneId warsaw = ZoneId.of("Europe/Warsaw");
        Instant removed = Instant.parse("2025-03-10T12:00:00Z");
        Instant installed = Instant.parse("2025-03-11T23:00:00Z"); // 12 March, local midnight
        // the old meter keeps counting elsewhere after its removal; none of that is the circuit's
        importNdjson(ndjson(old, "2025-02-28T23:00:00Z", "100", "kWh", "")
                + ndjson(old, "2025-03-11T00:00:00Z", "340", "kWh", "")
                + ndjson(old, "2025-03-25T00:00:00Z", "900", "kWh", ""));
        e.assign(circuit, old, "2025-02-01T00:00:00+01:00", removed.toString());
        // the new meter starts at 5000 kWh before it is installed: a baseline, not 5000 kWh of energy
        importNdjson(ndjson(replacement, "2025-03-11T18:00:00Z", "5000", "kWh", "")
                + ndjson(replacement, "2025-03-20T00:00:00Z", "5100", "kWh", "")
                + ndjson(replacement, "2025-04-02T00:00:00Z", "5300", "kWh", ""));
        e.assign(circuit, replacement, "2025-03-12T00:00:00+01:00", null);

        EnergyApi.Expected oldPart = new EnergyApi.Expected()
                .add(kwh("240"), Instant.parse("2025-02-28T23:00:00Z"), Instant.parse("2025-03-11T00:00:00Z"));
        EnergyApi.Expected newPart = new EnergyApi.Expected()
                .add(kwh("100"), Instant.parse("2025-03-11T18:00:00Z"), Instant.parse("2025-03-20T00:00:00Z"))
                .add(kwh("200"), Instant.parse("2025-03-20T00:00:00Z"), Instant.parse("2025-04-02T00:00:00Z"));
        Instant march = EnergyApi.monthStart(YearMonth.of(2025, 3), warsaw);
        Instant april = EnergyApi.monthStart(YearMonth.of(2025, 4), warsaw);
        Instant may = EnergyApi.monthStart(YearMonth.of(2025, 5), warsaw);
        long expectedMarch = oldPart.between(march, removed) + newPart.between(installed, april);
        long expectedApril = newPart.between(april, may);

        Map<String, Object> line = e.line("2025-03", "swap");
        assertThat(((Number) line.get("energy_mwh")).longValue()).isEqualTo(expectedMarch);
        assertThat(line.get("unmetered")).isEqualTo(List.of(Map.of("from", removed.toString(), "to", installed.toString())));
        assertThat(e.mwh("2025-04", "swap")).isEqualTo(expectedApril);
        assertThat(e.line("2025-04", "swap").get("unmetered")).isEqualTo(List.of());
        // less than what both meters counted in March: the gap is not filled in
        assertThat(expectedMarch).isLessThan(kwh("240") + newPart.between(march, april));
        String csv = EnergyApi.api().accept("text/csv").queryParam("month", "2025-03").get("/api/reports/monthly")
                .then().statusCode(200).extract().asString();
        // 10 March 12:00Z to 11 March 23:00Z: 35 hours nobody measured
        // March 2025 was final before any of this was known: both meters' energy came as adjustments
        String kwh = java.math.BigDecimal.valueOf(expectedMarch, 6).setScale(3, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
        assertThat(csv.lines().filter(l -> l.startsWith(e.circuitName("swap") + ",")))
                .containsExactly(e.circuitName("swap") + ",2025-03,Europe/Warsaw," + kwh + ","
                        + EnergyApi.wh(expectedMarch) + ",final,35.00,2," + kwh);
    }

    @Test
    void aResetFlagOnALaterCopyOfAStoredReadingMakesItAReset() {
        String meter = e.device("late-reset-flag");
        e.circuitOf("late-reset-flag", "UTC", meter);
        importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", "")
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", "")
                + ndjson(meter, "2025-01-10T02:00:00Z", 1090, "Wh", "")
                + ndjson(meter, "2025-01-10T03:00:00Z", 1150, "Wh", ""));
        // without proof the 1090 Wh reading is a glitch: 1000 -> 1100 -> 1150
        assertThat(e.mwh(JANUARY, "late-reset-flag")).isEqualTo(wh(150));
        // the same reading again, now flagged as a reset: copies merge their evidence and a reset on either holds
        assertImport(importNdjson(ndjson(meter, "2025-01-10T02:00:00Z", "1090.000", "Wh", ",\"reset\":true")), 0, 1, 0);
        assertThat(e.mwh(JANUARY, "late-reset-flag")).isEqualTo(wh(100) + wh(1150 - 1090));
    }

    @Test
    void aRewindShownByUptimeAloneCountsNothingAndRebaselines() {
        String meter = e.device("rewind-uptime");
        e.circuitOf("rewind-uptime", "UTC", meter);
        assertImport(importNdjson(ndjson(meter, "2025-01-10T00:00:00Z", 1000, "Wh", ",\"uptime\":86400")
                + ndjson(meter, "2025-01-10T01:00:00Z", 1100, "Wh", ",\"uptime\":90000")
                // uptime fell from 90000 s to 60 s: the device rebooted and lost 50 Wh of unsaved energy
                + ndjson(meter, "2025-01-10T02:00:00Z", 1050, "Wh", ",\"uptime\":60")
                + ndjson(meter, "2025-01-10T03:00:00Z", 1150, "Wh", ",\"uptime\":3660")), 4, 0, 0);
        assertThat(e.mwh(JANUARY, "rewind-uptime")).isEqualTo(wh(1100 - 1000) + wh(1150 - 1050));
    }

    @Test
    void timestampsFinerThanAMicrosecondAreRefusedRatherThanRounded() {
        String meter = e.device("nanos");
        // readings are kept to the microsecond: rounding .9999996 would move a reading into February
        JsonPath answer = importNdjson(ndjson(meter, "2025-01-31T23:59:59.9999996Z", 5, "kWh", "")
                + ndjson(meter, "2025-02-01T00:00:00Z", 5, "kWh", "")
                + ndjson(meter, "2025-01-10T00:00:00.000001000Z", 4, "kWh", "")
                + ndjson(meter, "2025-01-10T00:00:00.000000002Z", 4, "kWh", ""));
        assertImport(answer, 2, 0, 2);
        assertThat(answer.getList("errors.line", Integer.class)).containsExactly(1, 4);
        assertThat(answer.getList("errors.message", String.class))
                .allSatisfy(m -> assertThat(m).contains("finer than a microsecond"));
    }
}
