package zmai.flasher.sim;

/**
 * What the simulator's line did so far.
 *
 * @param toChipBytes          host bytes that reached the chip's frame decoder
 * @param fromChipBytes        chip bytes (answers and noise) that reached the host
 * @param noiseBytes           0x00 bytes the RN8209C noise added towards the host
 * @param lostToNoise          host bytes lost because they arrived during a noise burst
 * @param stalledFramesDropped half-received frames dropped after 0.5 s of silence
 */
public record SimulatorStats(long sessions, long framesHandled,
                             long toChipBytes, long toChipDropped, long toChipCorrupted,
                             long fromChipBytes, long fromChipDropped, long fromChipCorrupted,
                             long noiseBytes, long lostToNoise, long stalledFramesDropped) {
}
