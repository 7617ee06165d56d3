package zmai.flasher.sim;

import java.time.Duration;

import zmai.flasher.protocol.Frame;

/**
 * An answer the chip sends, at which line speed and after how long a pause. Only SetBaudRate's echo has a
 * pause and a new speed; the others leave at once at the current speed.
 */
public record ChipReply(Frame answer, long baud, Duration delay) {

    static ChipReply now(Frame answer, long baud) {
        return new ChipReply(answer, baud, Duration.ZERO);
    }

    public byte[] bytes() {
        return answer.encodeAsAnswer();
    }
}
