package zmai.meter.driver;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import zmai.core.link.ResetPulse;
import zmai.core.link.SerialLink;
import zmai.meter.sim.SimulatedRn8209c;

/** A link straight into the transport-free simulated chip, with the faults a test asks for. */
final class ChipLink implements SerialLink {

    private final SimulatedRn8209c chip;
    private final Deque<Byte> input = new ArrayDeque<>();
    int corruptAnswers;
    int corruptWrites;
    int writeFrames;

    ChipLink(SimulatedRn8209c chip) {
        this.chip = chip;
    }

    public void write(byte[] bytes) {
        byte[] frame = bytes.clone();
        if ((frame[0] & 0x80) != 0 && (frame[0] & 0xFF) != 0xEA) {
            writeFrames++;
            if (corruptWrites > 0) {
                corruptWrites--;
                frame[frame.length - 1] ^= 0x5A;
            }
        }
        byte[] answer = chip.receive(frame);
        if (answer.length > 0 && corruptAnswers > 0) {
            corruptAnswers--;
            answer[answer.length - 1] ^= 0x01;
        }
        for (byte b : answer) {
            input.add(b);
        }
    }

    public void awaitWritten() {
    }

    public byte[] readAvailable(int max, Duration timeout) {
        byte[] out = new byte[Math.min(max, input.size())];
        for (int i = 0; i < out.length; i++) {
            out[i] = input.poll();
        }
        return out;
    }

    public void discardInput() {
        input.clear();
    }

    public void setBaudRate(int baud) {
    }

    public int baudRate() {
        return 4800;
    }

    public void pulseReset(ResetPulse pulse) {
    }

    public String describe() {
        return "simulated RN8209C";
    }

    public void close() {
    }
}
