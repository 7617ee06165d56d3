package zmai.meter.sim;

/**
 * Faults the server injects into the chip's answers (spec §5.1.8), drawn from the server's seed.
 * The chip has processed every read regardless, so a clear-on-read register is cleared even when its
 * answer is lost or spoiled.
 *
 * @param badChecksumRate        probability that an answer's checksum byte is corrupted
 * @param dropRate               probability that each answer byte is dropped
 * @param noAnswerRate           probability that a whole answer is withheld
 * @param answerReadsLimit       after this many reads the chip stops answering; negative = never stops
 */
public record Faults(double badChecksumRate, double dropRate, double noAnswerRate, long answerReadsLimit) {

    public static final Faults NONE = new Faults(0, 0, 0, -1);

    public Faults {
        for (double rate : new double[]{badChecksumRate, dropRate, noAnswerRate}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("a fault rate is a probability 0..1, not " + rate);
            }
        }
    }

    public Faults withBadChecksumRate(double rate) {
        return new Faults(rate, dropRate, noAnswerRate, answerReadsLimit);
    }

    public Faults withDropRate(double rate) {
        return new Faults(badChecksumRate, rate, noAnswerRate, answerReadsLimit);
    }

    public Faults withNoAnswerRate(double rate) {
        return new Faults(badChecksumRate, dropRate, rate, answerReadsLimit);
    }

    public Faults stopAnsweringAfter(long reads) {
        return new Faults(badChecksumRate, dropRate, noAnswerRate, reads);
    }
}
