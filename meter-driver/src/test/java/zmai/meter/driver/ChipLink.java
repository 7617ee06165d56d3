package zmai.meter.driver;

import zmai.meter.sim.SimulatedRn8209c;

/** A link straight into the transport-free simulated chip, with the faults a test asks for. */
final class ChipLink extends ScriptedLink {

    private final SimulatedRn8209c chip;
    int corruptAnswers;
    int corruptWrites;
    int writeFrames;

    ChipLink(SimulatedRn8209c chip) {
        super(frame -> new byte[0]);
        this.chip = chip;
    }

    @Override
    byte[] answer(byte[] frame) {
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
        return answer;
    }

    @Override
    public String describe() {
        return "simulated RN8209C";
    }
}
