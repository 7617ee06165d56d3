package zmai.core.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A meter whose true counter the test knows, publishing clean readings plus the noise real meters and
 * networks add: reboots that rewind unsaved energy, single low and high glitches, and duplicates.
 * {@link #expectedMwh} is an independent count of what the readings prove was consumed.
 */
final class SimulatedMeter {

    enum Event { NONE, REBOOT, LOW_GLITCH, HIGH_GLITCH, DUPLICATE, STRIPPED_DUPLICATE }

    enum BootEvidence { BOOT_COUNT, UPTIME, BOTH }

    /** One interval of the simulation: how long, at what power, and what happened at its start. */
    record Step(long seconds, long watts, Event event, long rewindMwh) {
    }

    /** Far above anything plausible, so a high glitch is never confirmed by a real reading. */
    private static final long HIGH_GLITCH_MWH = 10_000_000_000_000L;

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final List<CounterReading> clean = new ArrayList<>();
    final List<CounterReading> noise = new ArrayList<>();
    long expectedMwh;
    int glitches;

    private final long quantumMwh;
    private final BootEvidence evidence;
    private long counterMwh;
    private long bootCount = 1;
    private Instant bootedAt = START.minus(Duration.ofHours(1));

    SimulatedMeter(long quantumMwh, long initialMwh, BootEvidence evidence) {
        this.quantumMwh = quantumMwh;
        this.evidence = evidence;
        this.counterMwh = initialMwh;
        clean.add(reading(START));
    }

    static SimulatedMeter run(long quantumMwh, long initialMwh, BootEvidence evidence, List<Step> steps) {
        SimulatedMeter meter = new SimulatedMeter(quantumMwh, initialMwh, evidence);
        steps.forEach(meter::advance);
        return meter;
    }

    List<CounterReading> all() {
        List<CounterReading> all = new ArrayList<>(clean);
        all.addAll(noise);
        return all;
    }

    private void advance(Step step) {
        CounterReading previous = clean.get(clean.size() - 1);
        if (step.event == Event.REBOOT && rebootIsEvident(previous)) {
            // the device restarts a second after its last publish, restores a slightly older saved total
            // and publishes it a second after boot, as OpenBeken does when it reconnects
            counterMwh = Math.max(0, counterMwh - step.rewindMwh);
            bootCount++;
            bootedAt = previous.at().plusSeconds(1);
            CounterReading restored = reading(bootedAt.plusSeconds(1));
            expectedMwh += Math.max(0, restored.valueMwh() - previous.valueMwh());
            clean.add(restored);
            previous = restored;
        }
        Instant now = previous.at().plusSeconds(step.seconds);
        counterMwh += step.watts * step.seconds * 1000 / 3600;
        CounterReading next = reading(now);
        expectedMwh += Math.max(0, next.valueMwh() - previous.valueMwh());
        Instant between = previous.at().plus(Duration.between(previous.at(), now).dividedBy(2));
        switch (step.event) {
            case LOW_GLITCH -> {
                if (previous.valueMwh() > 0) {
                    noise.add(marked(between, previous.valueMwh() / 2));
                    glitches++;
                }
            }
            case HIGH_GLITCH -> {
                noise.add(marked(between, previous.valueMwh() + HIGH_GLITCH_MWH));
                glitches++;
            }
            case DUPLICATE -> noise.add(next);
            case STRIPPED_DUPLICATE -> noise.add(CounterReading.of(next.at(), next.valueMwh()));
            default -> { }
        }
        clean.add(next);
    }

    /** Uptime alone cannot reveal a second reboot within a minute of the first; a boot counter can. */
    private boolean rebootIsEvident(CounterReading previous) {
        return evidence != BootEvidence.UPTIME || previous.uptimeSeconds().getAsLong() > 120;
    }

    private CounterReading reading(Instant at) {
        return marked(at, counterMwh / quantumMwh * quantumMwh);
    }

    private CounterReading marked(Instant at, long valueMwh) {
        CounterReading reading = CounterReading.of(at, valueMwh);
        if (evidence != BootEvidence.UPTIME) {
            reading = reading.withBootCount(bootCount);
        }
        if (evidence != BootEvidence.BOOT_COUNT) {
            reading = reading.withUptimeSeconds(Duration.between(bootedAt, at).toSeconds());
        }
        return reading;
    }
}
