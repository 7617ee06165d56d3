package zmai.meter.sim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import zmai.meter.rn8209.FrameException;
import zmai.meter.rn8209.Register;
import zmai.meter.rn8209.RegisterValue;
import zmai.meter.rn8209.Rn8209Command.ReadRegister;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static zmai.meter.sim.SimulatedRn8209cTest.hex;

/** The chip on loopback TCP, paced like its 4800 Bd 8E1 UART, with seeded faults. */
class Rn8209cServerTest {

    private static final Load SIXTY_WATTS = new Load(230, 0.2609, 60, 50);

    private static SimulatedRn8209c chip() {
        return SimulatedRn8209c.builder().clock(new ManualClock()).load(SIXTY_WATTS).build();
    }

    /** Reads up to {@code count} bytes, fewer if nothing more comes within 100 ms. */
    private static byte[] answer(Socket socket, int count) throws IOException {
        socket.setSoTimeout(100);
        InputStream in = socket.getInputStream();
        byte[] bytes = new byte[count];
        int length = 0;
        try {
            while (length < count) {
                int n = in.read(bytes, length, count - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (SocketTimeoutException e) {
            // short answer
        }
        return Arrays.copyOf(bytes, length);
    }

    private static Socket connect(Rn8209cServer server) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    @Test
    void aReadTakesAtLeastItsCharacterTimes() throws Exception {
        try (Rn8209cServer server = Rn8209cServer.builder(chip()).start(); Socket socket = connect(server)) {
            for (Register register : new Register[]{Register.DEVICEID, Register.POWERPA, Register.UFREQ}) {
                long start = System.nanoTime();
                socket.getOutputStream().write(new ReadRegister(register).encode());
                byte[] answer = answer(socket, register.width() + 1);
                long elapsed = System.nanoTime() - start;
                assertThat(RegisterValue.decode(register, answer).register()).isEqualTo(register);
                assertThat(elapsed).isGreaterThanOrEqualTo((long) ((1 + register.width() + 1) * 11 / 4800.0 * 1e9));
            }
        }
    }

    @Test
    void writesAndReadsOverTcp() throws Exception {
        try (Rn8209cServer server = Rn8209cServer.builder(chip()).paced(false).start(); Socket socket = connect(server)) {
            socket.getOutputStream().write(hex("EA E5 30 82 20 00 5D EA DC 39 02 24"));
            assertThat(answer(socket, 7)).isEqualTo(hex("20 00 DD 1E EB 3C 96"));
            assertThat(server.stats().reads()).isEqualTo(2);
        }
    }

    @Test
    void badChecksumsAreDetectableWithDecode() throws Exception {
        Faults faults = Faults.NONE.withBadChecksumRate(1);
        try (Rn8209cServer server = Rn8209cServer.builder(chip()).paced(false).faults(faults).seed(5).start();
             Socket socket = connect(server)) {
            socket.getOutputStream().write(hex("24"));
            byte[] spoilt = answer(socket, 4);
            assertThat(spoilt).hasSize(4);
            assertThatThrownBy(() -> RegisterValue.decode(Register.URMS, spoilt)).isInstanceOf(FrameException.class);
            assertThat(server.stats().checksumsCorrupted()).isEqualTo(1);
        }
    }

    @Test
    void droppedBytesMakeAnswersShort() throws Exception {
        Faults faults = Faults.NONE.withDropRate(0.5);
        try (Rn8209cServer server = Rn8209cServer.builder(chip()).paced(false).faults(faults).seed(11).start();
             Socket socket = connect(server)) {
            long received = 0;
            for (int i = 0; i < 10; i++) {
                socket.getOutputStream().write(hex("26"));
                byte[] answer = answer(socket, 5);
                received += answer.length;
                if (answer.length < 5) {
                    assertThatThrownBy(() -> RegisterValue.decode(Register.POWERPA, answer))
                            .isInstanceOf(FrameException.class);
                }
            }
            assertThat(received).isLessThan(50).isEqualTo(50 - server.stats().bytesDropped());
        }
    }

    @Test
    void stopsAnsweringAfterNReadsButStillClearsOnRead() throws Exception {
        SimulatedRn8209c chip = chip();
        Faults faults = Faults.NONE.stopAnsweringAfter(2);
        try (Rn8209cServer server = Rn8209cServer.builder(chip).paced(false).faults(faults).start();
             Socket socket = connect(server)) {
            socket.getOutputStream().write(hex("7F 7F"));
            assertThat(answer(socket, 8)).hasSize(8);
            chip.advance(java.time.Duration.ofHours(1));
            socket.getOutputStream().write(hex("2A"));
            assertThat(answer(socket, 4)).isEmpty();
            assertThat(chip.peek(Register.ENERGYP2)).isZero();
            assertThat(server.stats().answersWithheld()).isEqualTo(1);
        }
    }

    @Test
    void servesTheNextClientAfterTheFirstLeaves() throws Exception {
        try (Rn8209cServer server = Rn8209cServer.builder(chip()).paced(false).start()) {
            for (int i = 0; i < 2; i++) {
                try (Socket socket = connect(server)) {
                    socket.getOutputStream().write(hex("7F"));
                    assertThat(answer(socket, 4)).isEqualTo(hex("82 09 00 F5"));
                }
            }
            assertThat(server.stats().connections()).isEqualTo(2);
        }
    }
}
