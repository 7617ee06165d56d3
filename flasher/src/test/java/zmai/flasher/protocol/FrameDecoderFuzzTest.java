package zmai.flasher.protocol;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the serial line carries, the decoder never throws, accounts for every byte (in a frame, skipped,
 * or pending) and holds at most one frame's worth; after any garbage it is back in step within one maximal frame.
 */
class FrameDecoderFuzzTest {

    // the longest frame either direction: a long answer header of 9 bytes and a length of MAX_PAYLOAD + 1
    private static final int LONGEST_FRAME = 9 + Frame.MAX_PAYLOAD + 1;

    @Property(tries = 1000)
    void arbitraryBytesInArbitraryChunksAreAccountedFor(@ForAll @Size(max = 20) List<@Size(max = 600) byte[]> chunks,
                                                        @ForAll FrameDecoder.Direction direction) {
        FrameDecoder decoder = new FrameDecoder(direction);
        long fed = 0;
        long inFrames = 0;
        for (byte[] chunk : chunks) {
            decoder.feed(chunk);
            fed += chunk.length;
            for (Frame frame : drain(decoder)) {
                inFrames += lineLength(frame, direction);
            }
            assertThat(decoder.pendingBytes()).isLessThan(LONGEST_FRAME);
        }
        assertThat(inFrames + decoder.skippedBytes() + decoder.pendingBytes()).isEqualTo(fed);
    }

    @Property(tries = 300)
    void framesBetweenNoiseAreAllFound(@ForAll("frames") List<Frame> frames, @ForAll FrameDecoder.Direction direction,
                                       @ForAll("quietNoise") List<byte[]> noise) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < frames.size(); i++) {
            line.writeBytes(noise.get(i % noise.size()));
            line.writeBytes(encode(frames.get(i), direction));
        }
        FrameDecoder decoder = new FrameDecoder(direction);
        decoder.feed(line.toByteArray());
        assertThat(drain(decoder)).isEqualTo(frames);
        assertThat(decoder.pendingBytes()).isZero();
    }

    @Property(tries = 300)
    void afterAnyGarbageTheDecoderIsBackInStepWithinOneLongestFrame(
            @ForAll @Size(max = 64) byte[] garbage, @ForAll("frames") List<Frame> frames,
            @ForAll FrameDecoder.Direction direction) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        List<Frame> beyondReach = new ArrayList<>();
        for (Frame frame : frames) {
            if (clean.size() >= LONGEST_FRAME) {
                beyondReach.add(frame);
            }
            clean.writeBytes(encode(frame, direction));
        }
        FrameDecoder decoder = new FrameDecoder(direction);
        decoder.feed(garbage);
        decoder.feed(clean.toByteArray());
        List<Frame> found = drain(decoder);
        assertThat(found.subList(Math.max(0, found.size() - beyondReach.size()), found.size())).isEqualTo(beyondReach);
    }

    @Property(tries = 500)
    void droppedOrCorruptedBytesNeverThrow(@ForAll("frames") List<Frame> frames, @ForAll FrameDecoder.Direction direction,
                                           @ForAll @IntRange(min = 0, max = 100_000) int at,
                                           @ForAll @IntRange(min = -1, max = 255) int replacement) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        frames.forEach(f -> line.writeBytes(encode(f, direction)));
        byte[] bytes = line.toByteArray();
        if (bytes.length == 0) {
            return;
        }
        int i = at % bytes.length;
        ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        damaged.write(bytes, 0, i);
        if (replacement >= 0) {   // -1 drops the byte, anything else overwrites it
            damaged.write(replacement);
        }
        damaged.write(bytes, i + 1, bytes.length - i - 1);
        FrameDecoder decoder = new FrameDecoder(direction);
        decoder.feed(damaged.toByteArray());
        drain(decoder);
        assertThat(decoder.pendingBytes()).isLessThan(LONGEST_FRAME);
    }

    @Property(tries = 1000)
    void decodedFramesAreReadOrRefusedWithProtocolException(@ForAll("anyFrame") Frame frame) {
        try {
            // the chip reads the parameters it needs and ignores the rest (fixed payloads, trailing bytes)
            Frame read = Command.decode(frame).frame();
            assertThat(read.framing()).isEqualTo(frame.framing());
            assertThat(read.code()).isEqualTo(frame.code());
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        for (Command<?> command : everyCommand()) {
            try {
                command.decodeAnswer(frame);
            } catch (ProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Example
    void largestLengthFieldsAreNotFramesAndAreNotWaitedFor() {
        // the length fields are 16 bits: 0xFFFF is the most a header can claim, far above MAX_PAYLOAD
        FrameDecoder host = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
        host.feed(new byte[]{0x04, 0x0E, (byte) 0xFF, 0x01, (byte) 0xE0, (byte) 0xFC, (byte) 0xF4, (byte) 0xFF, (byte) 0xFF});
        assertThat(host.poll()).isEmpty();
        assertThat(host.pendingBytes()).isZero();
        assertThat(host.skippedBytes()).isEqualTo(9);

        FrameDecoder chip = new FrameDecoder(FrameDecoder.Direction.TO_CHIP);
        chip.feed(new byte[]{0x01, (byte) 0xE0, (byte) 0xFC, (byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xFF});
        assertThat(chip.poll()).isEmpty();
        assertThat(chip.pendingBytes()).isZero();
    }

    @Example
    void tenMegabytesOfNoiseLeaveNothingBuffered() {
        FrameDecoder host = new FrameDecoder(FrameDecoder.Direction.FROM_CHIP);
        byte[] noise = new byte[64 * 1024];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i % 3 == 0 ? 0x04 : i % 3 == 1 ? 0x0E : 0x07);   // header starts that go nowhere
        }
        for (int i = 0; i < 160; i++) {
            host.feed(noise);
            assertThat(host.poll()).isEmpty();
            assertThat(host.pendingBytes()).isLessThan(3);
        }
        assertThat(host.skippedBytes()).isGreaterThan(10_000_000L);
    }

    private static List<Frame> drain(FrameDecoder decoder) {
        List<Frame> frames = new ArrayList<>();
        for (Optional<Frame> f = decoder.poll(); f.isPresent(); f = decoder.poll()) {
            frames.add(f.get());
        }
        return frames;
    }

    private static byte[] encode(Frame frame, FrameDecoder.Direction direction) {
        return direction == FrameDecoder.Direction.FROM_CHIP ? frame.encodeAsAnswer() : frame.encodeAsCommand();
    }

    private static int lineLength(Frame frame, FrameDecoder.Direction direction) {
        return encode(frame, direction).length;
    }

    private static List<Command<?>> everyCommand() {
        return List.of(new Command.LinkCheck(), new Command.WriteRegister(0x800000, 1), new Command.ReadRegister(0x800000),
                new Command.Reboot(), new Command.SetBaudRate(115_200, 20), new Command.CheckCrc(0x11000, 0x12000),
                new Command.ReadBootVersion(), new Command.ResetChip(), new Command.StayRom(),
                new Command.FlashWrite(0x11000, new byte[]{1}), new Command.FlashWrite4K(0x11000, new byte[4096]),
                new Command.FlashRead4K(0x11000), new Command.FlashEraseAll(), new Command.FlashErase4K(0x11000),
                new Command.FlashReadStatus(0x05), new Command.FlashWriteStatus(0x01, 0x0200, 2),
                new Command.FlashGetMid(), new Command.FlashErase(EraseSize.BLOCK_64K, 0x10000));
    }

    // codes and payload bytes that cannot be mistaken for the start of a header (0x01, 0x04) or a length
    // that would reach into the next frame, so that the frames a test expects are well defined
    @Provide
    Arbitrary<List<Frame>> frames() {
        Arbitrary<Integer> code = Arbitraries.integers().between(0x20, 0x7F);
        Arbitrary<byte[]> payload = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7F).array(byte[].class).ofMaxSize(200);
        Arbitrary<Frame> frame = Combinators.combine(Arbitraries.of(Framing.class), code, payload).as(Frame::new);
        return frame.list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<byte[]>> quietNoise() {
        // boot-log text and RN8209C zeros: no byte that starts a header
        return Arbitraries.bytes().filter(b -> b != 0x01 && b != 0x04).array(byte[].class).ofMaxSize(40)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<Frame> anyFrame() {
        Arbitrary<Frame> shortFrame = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(0xFD)).as((c, p) -> new Frame(Framing.SHORT, c, p));
        Arbitrary<Frame> longFrame = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(Frame.MAX_PAYLOAD)
                        .edgeCases(e -> e.add(new byte[5 + 4096]))).as((c, p) -> new Frame(Framing.LONG, c, p));
        return Arbitraries.oneOf(shortFrame, longFrame);
    }
}
