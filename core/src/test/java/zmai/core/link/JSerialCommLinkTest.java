package zmai.core.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Against a real pty pair: bytes and baud rate only, since a Linux pty ignores parity and modem lines. */
@Timeout(30)
class JSerialCommLinkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private PtyPair ptys;
    private SerialLink near;
    private SerialLink far;

    @BeforeEach
    void openBothEnds() throws Exception {
        ptys = PtyPair.start();
        near = JSerialCommLink.open(ptys.first, 115_200);
        far = JSerialCommLink.open(ptys.second, 115_200);
    }

    @AfterEach
    void closeBothEnds() throws Exception {
        try (PtyPair socat = ptys; SerialLink a = near; SerialLink b = far) {
            // closed in reverse order: the links, then socat
        }
    }

    @Test
    void carriesBytesBothWays() throws IOException {
        near.write(ascii("link check"));
        near.awaitWritten();
        assertThat(far.read(10, PATIENCE)).isEqualTo(ascii("link check"));

        far.write(ascii("answer"));
        far.awaitWritten();
        assertThat(near.read(6, PATIENCE)).isEqualTo(ascii("answer"));
    }

    @Test
    void carriesAFlashSector() throws IOException {
        byte[] sector = new byte[64 * 1024];
        new Random(7231).nextBytes(sector);
        // a pty buffers only a few KiB: write while the other end reads
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                near.write(sector);
                near.awaitWritten();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(far.read(sector.length, PATIENCE)).isEqualTo(sector);
        sent.join();
    }

    @Test
    void switchesTheOpenPortToAnotherSpeed() throws Exception {
        near.setBaudRate(921_600);
        far.setBaudRate(921_600);

        assertThat(near.baudRate()).isEqualTo(921_600);
        assertThat(near.describe()).isEqualTo(ptys.first + " at 921600");
        assertThat(sttySpeed(ptys.first)).isEqualTo("921600");
        near.write(ascii("fast"));
        assertThat(far.read(4, PATIENCE)).isEqualTo(ascii("fast"));
    }

    @Test
    void aShortAnswerTimesOutCarryingWhatArrived() throws IOException {
        far.write(new byte[] {0x04, 0x0e});
        LinkTimeoutException timeout = catchThrowableOfType(LinkTimeoutException.class,
                () -> near.read(4, Duration.ofMillis(300)));
        assertThat(timeout.received()).containsExactly(0x04, 0x0e);
        assertThat(timeout.expected()).isEqualTo(4);
        assertThat(timeout).hasMessageContaining("2 of 4 bytes");
    }

    @Test
    void readAvailableStopsAtMaxOrTimeout() throws IOException {
        far.write(ascii("abcdef"));
        assertThat(near.readAvailable(4, PATIENCE)).isEqualTo(ascii("abcd"));
        assertThat(near.readAvailable(10, Duration.ofMillis(200))).isEqualTo(ascii("ef"));
        assertThat(near.readAvailable(10, Duration.ZERO)).isEmpty();
    }

    @Test
    void discardInputDropsStaleAnswers() throws IOException {
        far.write(ascii("stale"));
        near.read(1, PATIENCE);   // the stale answer has arrived
        near.discardInput();
        far.write(ascii("fresh"));
        assertThat(near.read(5, PATIENCE)).isEqualTo(ascii("fresh"));
    }

    @Test
    void noResetPulseTouchesNoLine() throws IOException {
        near.pulseReset(ResetPulse.NONE);
        near.write(ascii("x"));
        assertThat(far.read(1, PATIENCE)).isEqualTo(ascii("x"));
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        near.close();
        near.close();
    }

    @Test
    void aMissingPortSaysWhichPortsExist() {
        assertThatThrownBy(() -> JSerialCommLink.open("/dev/ttyNOSUCHADAPTER0", 115_200))
                .isInstanceOf(PortUnavailableException.class)
                .hasMessageContaining("cannot open /dev/ttyNOSUCHADAPTER0")
                .hasMessageMatching("(?s).*(Ports present: |No serial ports found).*");
    }

    private static String sttySpeed(String pty) throws Exception {
        Process stty = new ProcessBuilder("stty", "-F", pty, "speed").redirectErrorStream(true).start();
        String speed = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        stty.waitFor();
        return speed;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
