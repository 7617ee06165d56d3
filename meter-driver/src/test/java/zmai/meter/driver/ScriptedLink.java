package zmai.meter.driver;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import zmai.core.link.ResetPulse;
import zmai.core.link.SerialLink;

/** A link whose far end answers each written frame with whatever the test's function returns. */
class ScriptedLink implements SerialLink {

    private final Function<byte[], byte[]> chip;
    private final Deque<Byte> input = new ArrayDeque<>();
    final List<byte[]> written = new ArrayList<>();

    ScriptedLink(Function<byte[], byte[]> chip) {
        this.chip = chip;
    }

    public void write(byte[] bytes) {
        written.add(bytes.clone());
        for (byte b : answer(bytes.clone())) {
            input.add(b);
        }
    }

    /** What the far end sends back for one written frame. */
    byte[] answer(byte[] frame) {
        return chip.apply(frame);
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
        return "scripted";
    }

    public void close() throws IOException {
    }

    static String hex(byte[] bytes) {
        return Arrays.toString(bytes);
    }
}
