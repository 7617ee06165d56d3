package zmai.flasher.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import zmai.flasher.protocol.Answer;
import zmai.flasher.protocol.ChipCrc;
import zmai.flasher.protocol.Command;
import zmai.flasher.protocol.Frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The simulator over real TCP on 127.0.0.1, driven by a bare socket client. */
class SimulatorServerTest {

    private static final Duration ANSWER = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("sim-"));
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private SimulatorServer serve(SimulatedChip.Builder chip, Faults faults) throws IOException {
        SimulatedChip opened = chip.open();
        open.add(opened);
        SimulatorServer server = SimulatorServer.start(opened, faults);
        open.add(server);
        return server;
    }

    private SimulatorServer serveN(Faults faults) throws IOException {
        return serve(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin")), faults);
    }

    private SimClient connect(SimulatorServer server) throws IOException {
        SimClient client = new SimClient(server.port());
        open.add(client);
        return client;
    }

    private static byte[] answerBytes(SimClient client, Command<?> command) throws IOException {
        client.send(command);
        return client.frame(ANSWER).encodeAsAnswer();
    }

    static Stream<Arguments> appendixA() {
        byte[] erased4K = new byte[4096];
        Arrays.fill(erased4K, (byte) 0xFF);
        byte[] sixteen = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        return Stream.of(
                arguments("ReadReg chip ID", "", "01 E0 FC 05 03 00 00 80 00",
                        hex("04 0E 0C 01 E0 FC 03 00 00 80 00 1C 23 07 00")),
                arguments("WriteReg eFuse ctrl", "", "01 E0 FC 09 01 74 00 80 00 01 00 00 00",
                        hex("04 0E 0C 01 E0 FC 01 74 00 80 00 01 00 00 00")),
                arguments("ReadReg eFuse data", "01 E0 FC 09 01 74 00 80 00 01 00 00 00", "01 E0 FC 05 03 78 00 80 00",
                        hex("04 0E 0C 01 E0 FC 03 78 00 80 00 93 01 00 00")),
                arguments("FlashGetMID", "", "01 E0 FC FF F4 05 00 0E 9F 00 00 00",
                        hex("04 0E FF 01 E0 FC F4 06 00 0E 00 00 EB 60 15")),
                arguments("FlashReadSR 0x05", "", "01 E0 FC FF F4 02 00 0C 05", hex("04 0E FF 01 E0 FC F4 04 00 0C 00 05 04")),
                arguments("FlashReadSR 0x35", "", "01 E0 FC FF F4 02 00 0C 35", hex("04 0E FF 01 E0 FC F4 04 00 0C 00 35 40")),
                arguments("FlashWriteSR 16-bit", "", "01 E0 FC FF F4 04 00 0D 01 00 00",
                        hex("04 0E FF 01 E0 FC F4 05 00 0D 00 01 00 00")),
                arguments("FlashWriteSR 8-bit", "", "01 E0 FC FF F4 03 00 0D 01 00",
                        hex("04 0E FF 01 E0 FC F4 04 00 0D 00 01 00")),
                arguments("CheckCRC erased", "", "01 E0 FC 09 10 00 00 10 00 FF 0F 10 00",
                        hex("04 0E 08 01 E0 FC 10 F5 98 AB 0E")),
                arguments("FlashErase 4K at mirror", "", "01 E0 FC FF F4 06 00 0F 20 00 10 21 00",
                        hex("04 0E FF 01 E0 FC F4 07 00 0F 00 20 00 10 21 00")),
                arguments("FlashErase4K", "", "01 E0 FC FF F4 05 00 0B 00 20 01 00",
                        hex("04 0E FF 01 E0 FC F4 06 00 0B 00 00 20 01 00")),
                arguments("FlashWrite4K", "", "01 E0 FC FF F4 05 10 07 00 10 01 00" + HexFormat.of().formatHex(GoldenBlock.block()),
                        hex("04 0E FF 01 E0 FC F4 06 00 07 00 00 10 01 00")),
                arguments("FlashRead4K", "", "01 E0 FC FF F4 05 00 09 00 10 01 00",
                        concat(hex("04 0E FF 01 E0 FC F4 06 10 09 00 00 10 01 00"), erased4K)),
                arguments("FlashWrite 16 bytes", "", "01 E0 FC FF F4 15 00 06 00 31 01 00" + HexFormat.of().formatHex(sixteen),
                        hex("04 0E FF 01 E0 FC F4 07 00 06 00 00 31 01 00 10")),
                arguments("StayRom", "", "01 E0 FC 02 AA 55", hex("04 0E 05 01 E0 FC AA 55")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("appendixA")
    void answersAppendixAExchange(String name, String setup, String tx, byte[] rx) throws IOException {
        SimClient client = connect(serveN(Faults.none()));
        client.send(hex("01 E0 FC 01 00"));
        assertThat(client.raw(8, ANSWER)).isEqualTo(hex("04 0E 05 01 E0 FC 01 00"));
        if (!setup.isEmpty()) {
            client.send(hex(setup));
            client.frame(ANSWER);
        }
        client.send(hex(tx));
        assertThat(client.raw(rx.length, ANSWER)).isEqualTo(rx);
    }

    @Test
    void rebootIsNotAnsweredAndReopensTheWindow() throws IOException {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        client.send(hex("01 E0 FC 02 0E A5"));
        assertThat(client.rawFor(Duration.ofMillis(150))).isEmpty();
        assertThat(server.chip().isLinked()).isFalse();
        client.send(new Command.LinkCheck());
        assertThat(client.frame(ANSWER)).isEqualTo(new Answer.LinkCheckAnswer(0).frame());
    }

    @Test
    void linkCheckAfterTheWindowIsIgnoredButANewConnectionIsAPowerUp() throws Exception {
        SimulatorServer server = serve(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin"))
                .linkWindow(Duration.ofMillis(150)), Faults.none());
        SimClient late = connect(server);
        Thread.sleep(400);
        late.send(new Command.LinkCheck());
        assertThat(late.nextFrame(Duration.ofMillis(300))).isEmpty();
        late.close();
        SimClient onTime = connect(server);
        onTime.send(new Command.LinkCheck());
        assertThat(onTime.frame(ANSWER).code()).isEqualTo(0x01);
    }

    @Test
    void setBaudRateEchoLeavesAfterTheDelayAtTheNewRate() throws IOException {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        long start = System.nanoTime();
        client.send(new Command.SetBaudRate(1200, 50));
        byte[] echo = client.raw(12, ANSWER);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(echo).isEqualTo(hex("04 0E 09 01 E0 FC 0F B0 04 00 00 32"));
        // 50 ms delay + 12 bytes at 120 B/s = 150 ms; at the old 115200 the bytes alone would take 1 ms
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(145);
        assertThat(server.chip().baud()).isEqualTo(1200);
    }

    @Test
    void echoOf921600MatchesAppendixA() throws IOException {
        SimClient client = connect(serveN(Faults.none()));
        client.link();
        client.send(hex("01 E0 FC 06 0F 00 10 0E 00 14"));
        assertThat(client.raw(12, ANSWER)).isEqualTo(hex("04 0E 09 01 E0 FC 0F 00 10 0E 00 14"));
        assertThat(answerBytes(client, new Command.LinkCheck())).isEqualTo(hex("04 0E 05 01 E0 FC 01 00"));
    }

    @Test
    void reading64KiBAt115200TakesAtLeastTheLineTime() throws IOException {
        SimClient client = connect(serveN(Faults.none()));
        client.link();
        long start = System.nanoTime();
        int lineBytes = 0;
        for (int block = 0; block < 16; block++) {
            Command.FlashRead4K read = new Command.FlashRead4K(0x100000 + block * 4096L);
            client.send(read);
            lineBytes += client.frame(Duration.ofSeconds(5)).encodeAsAnswer().length;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(lineBytes).isGreaterThan(65_536);
        // a lower bound only: the line cannot be faster than 11 520 B/s; 2 % slack for clock granularity
        assertThat(seconds).isGreaterThanOrEqualTo(lineBytes / 11_520.0 * 0.98);
    }

    @Test
    void protectedEraseIsAcknowledgedWithoutEffectUntilTheStatusRegisterIsCleared() throws Exception {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        client.send(new Command.FlashWriteStatus(0x01, 0, 2));
        client.frame(ANSWER);
        client.send(new Command.FlashWrite4K(0x20000, GoldenBlock.block()));
        client.frame(ANSWER);
        client.send(new Command.FlashWriteStatus(0x01, 0x4004, 2));
        client.frame(ANSWER);
        Command.FlashErase4K erase = new Command.FlashErase4K(0x20000);
        client.send(erase);
        assertThat(erase.decodeAnswer(client.frame(ANSWER)).status()).isZero();
        assertThat(server.chip().read(0x20000, 4096)).isEqualTo(GoldenBlock.block());
        client.send(new Command.FlashWriteStatus(0x01, 0, 2));
        client.frame(ANSWER);
        client.send(erase);
        client.frame(ANSWER);
        client.send(new Command.CheckCrc(0x20000, 0x20FFF));
        assertThat(new Command.CheckCrc(0x20000, 0x20FFF).decodeAnswer(client.frame(ANSWER)).crc())
                .isEqualTo(ChipCrc.ERASED_SECTOR);
        assertThat(server.chip().statusRegister()).isZero();
    }

    @Test
    void bootloaderEraseIsRefusedAndRecorded() throws IOException {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        byte[] before = server.chip().read(0, 0x11000);
        client.send(new Command.FlashWriteStatus(0x01, 0, 2));
        client.frame(ANSWER);
        client.send(hex("01 E0 FC FF F4 06 00 0F D8 00 00 01 00"));
        assertThat(client.raw(16, ANSWER)).isEqualTo(hex("04 0E FF 01 E0 FC F4 07 00 0F 00 D8 00 00 01 00"));
        assertThat(server.chip().bootloaderViolations()).containsExactly(new BootloaderViolation("FlashErase 64K", 0x10000, 0x10000));
        assertThat(server.chip().read(0, 0x11000)).isEqualTo(before);
    }

    @Test
    void mirroredWriteLandsAtTheWrappedAddress() throws IOException {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        client.send(new Command.FlashWriteStatus(0x01, 0, 2));
        client.frame(ANSWER);
        client.send(new Command.FlashWrite4K(0x211000, GoldenBlock.block()));
        client.frame(ANSWER);
        client.send(new Command.CheckCrc(0x011000, 0x011FFF));
        assertThat(client.frame(ANSWER).payload()).isEqualTo(hex("7D DF 6E 5D"));
        assertThat(server.chip().read(0x011000, 4096)).isEqualTo(GoldenBlock.block());
    }

    @Test
    void aStalledHalfFrameIsDroppedAfterHalfASecond() throws Exception {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        client.send(hex("01 E0 FC FF F4 05 00 09 00 10"));
        Thread.sleep(700);
        client.send(new Command.LinkCheck());
        assertThat(client.frame(ANSWER)).isEqualTo(new Answer.LinkCheckAnswer(0).frame());
        assertThat(server.stats().stalledFramesDropped()).isEqualTo(1);
    }

    @Test
    void flashFilePersistsAcrossServerRestarts() throws Exception {
        Path file = dir.resolve("persist.bin");
        try (SimulatedChip chip = SimulatedChip.builder(ChipVariant.BK7231N, file).open();
             SimulatorServer server = SimulatorServer.start(chip, Faults.none());
             SimClient client = new SimClient(server.port())) {
            client.link();
            client.send(new Command.FlashWriteStatus(0x01, 0, 2));
            client.frame(ANSWER);
            client.send(new Command.FlashWrite4K(0x30000, GoldenBlock.block()));
            client.frame(ANSWER);
        }
        SimulatorServer again = serve(SimulatedChip.builder(ChipVariant.BK7231N, file), Faults.none());
        SimClient client = connect(again);
        client.link();
        Command.FlashRead4K read = new Command.FlashRead4K(0x30000);
        client.send(read);
        assertThat(read.decodeAnswer(client.frame(ANSWER)).data()).isEqualTo(GoldenBlock.block());
    }

    @Test
    void corruptedAnswersAreCaughtByTheBlockCrc() throws IOException {
        SimulatorServer server = serveN(Faults.seeded(42).withFromChip(new LineFaults(0, 0.002)));
        SimClient client = connect(server);
        client.link();
        int caught = 0;
        for (int block = 0; block < 4; block++) {
            long address = 0x1F0000 + block * 4096L;
            byte[] truth = server.chip().read(address, 4096);
            client.send(new Command.FlashRead4K(address));
            Frame frame = client.nextFrame(Duration.ofSeconds(2)).orElse(null);
            byte[] payload = frame == null ? new byte[0] : frame.payload();
            byte[] data = payload.length == 4101 ? Arrays.copyOfRange(payload, 5, 4101) : new byte[0];
            boolean crcAgrees = data.length == 4096 && ChipCrc.of(data) == ChipCrc.of(truth);
            assertThat(crcAgrees).isEqualTo(Arrays.equals(data, truth));
            if (!crcAgrees) {
                caught++;
            }
        }
        assertThat(server.stats().fromChipCorrupted()).isPositive();
        assertThat(caught).isPositive();
    }

    @Test
    void droppedBytesLeaveTheFrameIncomplete() throws IOException {
        SimulatorServer server = serveN(Faults.seeded(7).withFromChip(new LineFaults(0.01, 0)));
        SimClient client = connect(server);
        client.link();
        long droppedBefore = server.stats().fromChipDropped();
        client.send(new Command.FlashRead4K(0x100000));
        assertThat(client.nextFrame(Duration.ofMillis(800))).isEmpty();
        long dropped = server.stats().fromChipDropped() - droppedBefore;
        assertThat(dropped).isPositive();
        assertThat(client.pendingBytes()).isEqualTo(4111 - (int) dropped);
    }

    @Test
    void corruptedCommandsAreNotExecuted() throws IOException {
        SimulatorServer server = serveN(Faults.seeded(3).withToChip(new LineFaults(0, 0.05)));
        SimClient client = connect(server);
        client.link();
        int answered = 0;
        for (int i = 0; i < 20; i++) {
            client.send(new Command.ReadRegister(0x800000));
            if (client.nextFrame(Duration.ofMillis(100)).isPresent()) {
                answered++;
            }
        }
        assertThat(server.stats().toChipCorrupted()).isPositive();
        assertThat(answered).isLessThan(20);
    }

    @Test
    void rn8209cNoiseSendsZeroBurstsAndSwallowsCommands() throws IOException {
        SimulatorServer server = serve(SimulatedChip.builder(ChipVariant.BK7231N, dir.resolve("flash.bin"))
                .linkWindow(Duration.ofSeconds(30)), Faults.seeded(11).withRn8209cNoise(true));
        SimClient client = connect(server);
        byte[] heard = client.rawFor(Duration.ofMillis(600));
        assertThat(heard.length).isGreaterThanOrEqualTo(2 * 37);
        assertThat(heard).containsOnly((byte) 0);
        int answered = 0;
        int sent = 150;
        for (int i = 0; i < sent; i++) {
            client.send(new Command.LinkCheck());
            if (client.nextFrame(Duration.ofMillis(8)).isPresent()) {
                answered++;
            }
        }
        client.rawFor(Duration.ofMillis(100));
        assertThat(server.stats().lostToNoise()).isPositive();
        assertThat(answered).isPositive().isLessThan(sent);
    }

    @Test
    void aStalledChipStopsMidBlock() throws IOException {
        SimulatorServer server = serveN(Faults.none().withStallAfterAnswerBytes(8 + 2000));
        SimClient client = connect(server);
        client.send(new Command.LinkCheck());
        client.frame(ANSWER);
        client.send(new Command.FlashRead4K(0x100000));
        assertThat(client.rawFor(Duration.ofMillis(600))).hasSize(2000);
        client.send(new Command.LinkCheck());
        assertThat(client.rawFor(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void closingDuringASlowAnswerDoesNotWaitForIt() throws IOException {
        SimulatorServer server = serveN(Faults.none());
        SimClient client = connect(server);
        client.link();
        client.send(new Command.SetBaudRate(1200, 0));
        client.frame(ANSWER);
        // 4 KiB at 120 B/s would take 34 s
        client.send(new Command.FlashRead4K(0x100000));
        client.rawFor(Duration.ofMillis(200));
        long start = System.nanoTime();
        server.close();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void lateLinkWindowIgnoresEarlyLinkChecks() throws Exception {
        SimulatorServer server = serveN(Faults.none().withLinkWindowDelay(Duration.ofMillis(400)));
        SimClient client = connect(server);
        client.send(new Command.LinkCheck());
        assertThat(client.nextFrame(Duration.ofMillis(200))).isEmpty();
        Thread.sleep(300);
        client.send(new Command.LinkCheck());
        assertThat(client.frame(ANSWER).code()).isEqualTo(0x01);
    }
}
