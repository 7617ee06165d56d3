package zmai.fleet.process;

import java.time.Duration;
import java.util.Locale;

/**
 * What one fault did, as measured: the energy the independent count expects against what the server shows, and
 * how the server came back.
 *
 * @param readings   how many readings the independent count holds and how many of them the server stored
 * @param energy     expected against shown; null where the fault's measure is not energy (a rollout's commands)
 * @param affected   devices the fault touched, and how
 * @param recovery   from the end of the fault until the server was serving and counting again
 * @param reported   what the server showed meanwhile: health, metrics, log lines
 */
record FaultResult(String fault, String load, String readings, Energy energy, String affected, Duration recovery,
                   String reported) {

    record Energy(long expectedMwh, long countedMwh) {

        long lostMwh() {
            return Math.max(0, expectedMwh - countedMwh);
        }

        long doubledMwh() {
            return Math.max(0, countedMwh - expectedMwh);
        }
    }

    static String header() {
        return "| Fault | Load while it happened | Readings: counted independently / stored | Wh expected | Wh counted"
                + " | Wh lost | Wh doubled | Devices affected | Time to recover | What the server showed |\n"
                + "|---|---|---|---:|---:|---:|---:|---|---:|---|\n";
    }

    String row() {
        String[] wh = energy == null ? new String[] {"—", "—", "—", "—"}
                : new String[] {wattHours(energy.expectedMwh()), wattHours(energy.countedMwh()),
                        wattHours(energy.lostMwh()), wattHours(energy.doubledMwh())};
        return "| " + String.join(" | ", fault, load, readings, wh[0], wh[1], wh[2], wh[3], affected,
                seconds(recovery), reported) + " |\n";
    }

    static String wattHours(long mwh) {
        return String.format(Locale.ROOT, "%,.3f", mwh / 1000.0);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
