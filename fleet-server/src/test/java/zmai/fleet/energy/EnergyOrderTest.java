package zmai.fleet.energy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.fleet.energy.EnergyApi.assertImport;
import static zmai.fleet.energy.EnergyApi.importNdjson;
import static zmai.fleet.energy.EnergyApi.ndjson;

/**
 * Order-robustness and idempotence of the import path: one week of hourly readings with every kind of anomaly
 * (a low glitch, a reboot rewind on the first reading of a UTC day, an implausible spike, an explicit reset)
 * gives the same monthly totals whether it arrives in order, shuffled in one request, with lines up to five
 * days late in later requests, or with prefixes imported again and again, and those totals are the ones
 * worked out here.
 */
@QuarkusTest
class EnergyOrderTest {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final YearMonth MARCH = YearMonth.of(2025, 3);
    private static final YearMonth APRIL = YearMonth.of(2025, 4);
    /** Readings at ten past each hour, so that Warsaw's 1 April (2025-03-31T22:00Z) splits an interval. */
    private static final Instant FIRST = Instant.parse("2025-03-28T00:10:00Z");
    private static final int HOURS = 7 * 24;
    private static final int GLITCH_BEFORE = 50;
    private static final int REBOOT_AT = 72;   // 2025-03-31T00:10Z, the first reading of a UTC day
    private static final int SPIKE_BEFORE = 100;
    private static final int RESET_AT = 130;

    private final EnergyApi e = new EnergyApi();

    /** One reading of the generated week; {@code index} orders the good ones, anomalies carry -1. */
    record Reading(int index, Instant at, long mwh, int boot, boolean reset) {
        String ndjson(String device) {
            return EnergyApi.ndjson(device, at.toString(), EnergyApi.wh(mwh), "Wh",
                    ",\"boot\":" + boot + (reset ? ",\"reset\":true" : ""));
        }
    }

    /** The week's readings, in time order, and the energy they should count. */
    record Week(List<Reading> readings, EnergyApi.Expected expected) {
        String body(String device, List<Reading> lines) {
            StringBuilder body = new StringBuilder();
            lines.forEach(r -> body.append(r.ndjson(device)));
            return body.toString();
        }
    }

    static Week week() {
        SplittableRandom random = new SplittableRandom(20250328);
        List<Reading> readings = new ArrayList<>();
        EnergyApi.Expected expected = new EnergyApi.Expected();
        long value = 4_321_987;
        int boot = 3;
        Instant previous = null;
        for (int i = 0; i < HOURS; i++) {
            Instant at = FIRST.plus(Duration.ofHours(i));
            if (i == GLITCH_BEFORE) {
                // one lower reading, no reboot: the next reading is above the level again
                readings.add(new Reading(-1, at.minus(Duration.ofMinutes(20)), value - 500_000, boot, false));
            }
            if (i == SPIKE_BEFORE) {
                readings.add(new Reading(-1, at.minus(Duration.ofMinutes(30)), value + 500_000_000, boot, false));
            }
            boolean reset = false;
            if (i == 0) {
                // baseline
            } else if (i == REBOOT_AT) {
                boot++;
                value -= 150_000; // 150 Wh of unsaved energy lost: a rewind, within the 200 Wh tolerance
            } else if (i == RESET_AT) {
                value = 10_000;   // explicit reset to 10 Wh: not energy
                reset = true;
            } else {
                long increase = 1 + random.nextLong(1_500_000);
                value += increase;
                expected.add(increase, previous, at);
            }
            readings.add(new Reading(i, at, value, boot, reset));
            previous = at;
        }
        return new Week(List.copyOf(readings), expected);
    }

    private void assertMonths(String circuit, Week week) {
        long march = week.expected().month(MARCH, WARSAW);
        long april = week.expected().month(APRIL, WARSAW);
        assertThat(march).isPositive();
        assertThat(april).isPositive();
        assertThat(march + april).isEqualTo(week.expected().total());
        assertThat(List.of(e.mwh("2025-03", circuit), e.mwh("2025-04", circuit)))
                .as("March and April of %s", circuit).containsExactly(march, april);
    }

    @Test
    void inOrderTheWeekCountsExactlyTheWorkedOutEnergy() {
        Week week = week();
        String meter = e.device("order-in");
        e.circuitOf("order-in", "Europe/Warsaw", meter);
        assertImport(importNdjson(week.body(meter, week.readings())), week.readings().size(), 0, 0);
        assertMonths("order-in", week);
    }

    @Test
    void shuffledInOneRequestTheWeekCountsTheSame() {
        Week week = week();
        String meter = e.device("order-shuffled");
        e.circuitOf("order-shuffled", "Europe/Warsaw", meter);
        List<Reading> shuffled = new ArrayList<>(week.readings());
        Collections.shuffle(shuffled, new Random(7));
        assertImport(importNdjson(week.body(meter, shuffled)), week.readings().size(), 0, 0);
        assertMonths("order-shuffled", week);
    }

    @Test
    void linesUpToFiveDaysLateInLaterRequestsCountTheSame() {
        Week week = week();
        String meter = e.device("order-late");
        e.circuitOf("order-late", "Europe/Warsaw", meter);
        Instant last = week.readings().get(week.readings().size() - 1).at();
        // late: the anomalies, the reboot and the reset themselves, and every 7th reading of the last five days
        Predicate<Reading> late = r -> r.index() < 0 || r.index() == REBOOT_AT || r.index() == RESET_AT
                || r.index() % 7 == 0 && !r.at().isBefore(last.minus(Duration.ofDays(5)));
        List<Reading> onTime = week.readings().stream().filter(late.negate()).toList();
        List<Reading> lateOnes = new ArrayList<>(week.readings().stream().filter(late).toList());
        assertThat(lateOnes).allSatisfy(r -> assertThat(Duration.between(r.at(), last)).isLessThanOrEqualTo(Duration.ofDays(5)));
        Collections.reverse(lateOnes);

        List<Reading> early = onTime.stream().filter(r -> r.index() < 120).toList();
        List<Reading> rest = onTime.stream().filter(r -> r.index() >= 120).toList();
        assertImport(importNdjson(week.body(meter, early)), early.size(), 0, 0);
        assertImport(importNdjson(week.body(meter, rest)), rest.size(), 0, 0);
        // each late line in a request of its own, newest first: every one is accounted again from a checkpoint
        for (Reading r : lateOnes) {
            assertImport(importNdjson(r.ndjson(meter)), 1, 0, 0);
        }
        assertMonths("order-late", week);
    }

    @Test
    void theRebootReadingArrivingLateIsStillARewind() {
        // the smallest form of the late case above: the rewind is judged against a day's checkpoint
        Week week = week();
        String meter = e.device("order-late-reboot");
        e.circuitOf("order-late-reboot", "Europe/Warsaw", meter);
        List<Reading> withoutReboot = week.readings().stream().filter(r -> r.index() != REBOOT_AT).toList();
        importNdjson(week.body(meter, withoutReboot));
        assertImport(importNdjson(week.readings().stream().filter(r -> r.index() == REBOOT_AT).findFirst()
                .orElseThrow().ndjson(meter)), 1, 0, 0);
        assertMonths("order-late-reboot", week);
    }

    @Test
    void reimportingAnyPrefixChangesNothing() {
        Week week = week();
        String meter = e.device("order-prefix");
        e.circuitOf("order-prefix", "Europe/Warsaw", meter);
        List<Reading> all = week.readings();
        int n = all.size();
        assertImport(importNdjson(week.body(meter, all.subList(0, n * 2 / 5))), n * 2 / 5, 0, 0);
        assertImport(importNdjson(week.body(meter, all)), n - n * 2 / 5, n * 2 / 5, 0);
        assertMonths("order-prefix", week);
        for (int prefix : new int[] {1, n / 3, n * 7 / 10, n}) {
            assertImport(importNdjson(week.body(meter, all.subList(0, prefix))), 0, prefix, 0);
            assertMonths("order-prefix", week);
        }
    }
}
