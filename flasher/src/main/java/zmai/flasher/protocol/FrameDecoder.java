package zmai.flasher.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Finds frames in a byte stream that also carries noise: boot logs, stale answers, and on a ZMAi-90 the
 * RN8209C's 4800-baud traffic. Bytes are fed as they arrive; anything that cannot start a frame is
 * skipped and counted, and a header that turns out wrong is abandoned at its first byte so that a real
 * frame hidden behind it is still found.
 */
public final class FrameDecoder {

    /** Which side's frames to look for. */
    public enum Direction {
        /** Commands, as a chip (the simulator) receives them. */
        TO_CHIP,
        /** Answers, as the host receives them. */
        FROM_CHIP
    }

    private final Direction direction;
    private byte[] buffer = new byte[8_192];
    private int start;
    private int end;
    private long skipped;

    public FrameDecoder(Direction direction) {
        this.direction = direction;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        if (end + length > buffer.length) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            if (end + length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, end + length));
            }
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    /** The next complete frame, if the bytes fed so far hold one. */
    public Optional<Frame> poll() {
        while (end - start > 0) {
            int need = direction == Direction.FROM_CHIP ? answerLength() : commandLength();
            if (need == INCOMPLETE) {
                return Optional.empty();
            }
            if (need == NOT_A_FRAME) {
                start++;
                skipped++;
                continue;
            }
            Frame frame = direction == Direction.FROM_CHIP ? answerAt(need) : commandAt(need);
            start += need;
            return Optional.of(frame);
        }
        return Optional.empty();
    }

    /** Bytes skipped so far because they could not belong to a frame. */
    public long skippedBytes() {
        return skipped;
    }

    /** Bytes held that may be the start of a frame still arriving. */
    public int pendingBytes() {
        return end - start;
    }

    /** Forgets a half-received frame, as the chip does when a frame stalls. */
    public void clear() {
        skipped += end - start;
        start = 0;
        end = 0;
    }

    private static final int INCOMPLETE = -1;
    private static final int NOT_A_FRAME = -2;

    private int at(int i) {
        return buffer[start + i] & 0xFF;
    }

    private int available() {
        return end - start;
    }

    /** Matches {@code expected} at offset i as far as bytes are there; returns false on a mismatch. */
    private boolean matches(int i, int... expected) {
        for (int k = 0; k < expected.length && i + k < available(); k++) {
            if (at(i + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private int answerLength() {
        if (!matches(0, 0x04, 0x0E)) {
            return NOT_A_FRAME;
        }
        if (available() < 3) {
            return INCOMPLETE;
        }
        if (at(2) != 0xFF) {
            int length = at(2);
            if (length < 4 || !matches(3, 0x01, 0xE0, 0xFC)) {
                return NOT_A_FRAME;
            }
            return available() < 3 + length ? INCOMPLETE : 3 + length;
        }
        if (!matches(3, 0x01, 0xE0, 0xFC, 0xF4)) {
            return NOT_A_FRAME;
        }
        if (available() < 9) {
            return INCOMPLETE;
        }
        int length = at(7) | at(8) << 8;
        if (length < 1 || length > Frame.MAX_PAYLOAD + 1) {
            return NOT_A_FRAME;
        }
        return available() < 9 + length ? INCOMPLETE : 9 + length;
    }

    private Frame answerAt(int total) {
        boolean isShort = at(2) != 0xFF;
        int codeAt = isShort ? 6 : 9;
        return new Frame(isShort ? Framing.SHORT : Framing.LONG, at(codeAt),
                Arrays.copyOfRange(buffer, start + codeAt + 1, start + total));
    }

    private int commandLength() {
        if (!matches(0, 0x01, 0xE0, 0xFC)) {
            return NOT_A_FRAME;
        }
        if (available() < 4) {
            return INCOMPLETE;
        }
        if (at(3) != 0xFF) {
            int length = at(3);
            if (length < 1) {
                return NOT_A_FRAME;
            }
            return available() < 4 + length ? INCOMPLETE : 4 + length;
        }
        if (!matches(4, 0xF4)) {
            return NOT_A_FRAME;
        }
        if (available() < 7) {
            return INCOMPLETE;
        }
        int length = at(5) | at(6) << 8;
        if (length < 1 || length > Frame.MAX_PAYLOAD + 1) {
            return NOT_A_FRAME;
        }
        return available() < 7 + length ? INCOMPLETE : 7 + length;
    }

    private Frame commandAt(int total) {
        boolean isShort = at(3) != 0xFF;
        int codeAt = isShort ? 4 : 7;
        return new Frame(isShort ? Framing.SHORT : Framing.LONG, at(codeAt),
                Arrays.copyOfRange(buffer, start + codeAt + 1, start + total));
    }
}
