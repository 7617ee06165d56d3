package zmai.core.link;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A TcpLink talking to a bridge played by a loopback server socket in the test. */
@Timeout(30)
class TcpLinkTest {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private ServerSocket server;
    private TcpLink link;
    private Socket bridge;
    private OutputStream toLink;
    private InputStream fromLink;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        link = TcpLink.connect(new PortSpec.Tcp("127.0.0.1", server.getLocalPort()), 115_200);
        bridge = server.accept();   // the connection already waits in the backlog
        bridge.setSoTimeout((int) PATIENCE.toMillis());
        toLink = bridge.getOutputStream();
        fromLink = bridge.getInputStream();
    }

    @AfterEach
    void disconnect() throws IOException {
        try (ServerSocket s = server; Socket b = bridge; TcpLink l = link) {
            // all closed
        }
    }

    @Test
    void readsExactlyTheCountAsked() throws IOException {
        toLink.write(ascii("0123456"));
        assertThat(link.read(3, PATIENCE)).isEqualTo(ascii("012"));
        assertThat(link.read(4, PATIENCE)).isEqualTo(ascii("3456"));
    }

    @Test
    void aReadWaitsForTheRestOfAnAnswerSentInPieces() throws Exception {
        toLink.write(ascii("ab"));
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return link.read(4, PATIENCE);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        toLink.write(ascii("cd"));
        assertThat(answer.get(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS)).isEqualTo(ascii("abcd"));
    }

    @Test
    void aShortAnswerTimesOutCarryingThePartialBytes() throws IOException {
        toLink.write(new byte[] {0x04, 0x0e, 0x05});
        long start = System.nanoTime();
        LinkTimeoutException timeout = catchThrowableOfType(LinkTimeoutException.class,
                () -> link.read(8, Duration.ofMillis(250)));
        Duration waited = Duration.ofNanos(System.nanoTime() - start);

        assertThat(timeout.received()).containsExactly(0x04, 0x0e, 0x05);
        assertThat(timeout.expected()).isEqualTo(8);
        assertThat(timeout).hasMessageContaining("3 of 8 bytes arrived within 250 ms");
        assertThat(waited).isBetween(Duration.ofMillis(240), PATIENCE);
    }

    @Test
    void silenceTimesOutWithNothingReceived() {
        LinkTimeoutException timeout = catchThrowableOfType(LinkTimeoutException.class,
                () -> link.read(1, Duration.ofMillis(50)));
        assertThat(timeout.received()).isEmpty();
    }

    @Test
    void readAvailableStopsAtMaxOrTimeout() throws IOException {
        toLink.write(ascii("abcdef"));
        assertThat(link.readAvailable(4, PATIENCE)).isEqualTo(ascii("abcd"));
        assertThat(link.readAvailable(10, Duration.ofMillis(100))).isEqualTo(ascii("ef"));
        assertThat(link.readAvailable(10, Duration.ZERO)).isEmpty();
    }

    @Test
    void discardInputDropsStaleAnswers() throws IOException {
        toLink.write(ascii("stale answer"));
        link.read(1, PATIENCE);   // the stale answer has arrived
        link.discardInput();
        toLink.write(ascii("fresh"));
        assertThat(link.read(5, PATIENCE)).isEqualTo(ascii("fresh"));
    }

    @Test
    void writesReachTheBridge() throws IOException {
        link.write(ascii("link check"));
        link.awaitWritten();
        assertThat(fromLink.readNBytes(10)).isEqualTo(ascii("link check"));
    }

    @Test
    void theBaudRateIsOnlyRecordedAndResetIsANoOp() throws IOException {
        link.setBaudRate(921_600);
        link.pulseReset(ResetPulse.RTS_TO_CEN);

        assertThat(link.baudRate()).isEqualTo(921_600);
        assertThat(link.describe()).startsWith("tcp://127.0.0.1:" + server.getLocalPort()).contains("no reset lines");
    }

    @Test
    void theBridgeHangingUpEndsARead() throws IOException {
        toLink.write(ascii("ab"));
        bridge.close();
        assertThatThrownBy(() -> link.read(4, PATIENCE))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("closed the connection after 2 of 4 bytes");
    }

    @Test
    void closingHangsUpOnTheBridge() throws IOException {
        link.close();
        assertThat(fromLink.read()).isEqualTo(-1);
        assertThatThrownBy(() -> link.read(1, PATIENCE)).isInstanceOf(IOException.class);
    }

    @Test
    void nobodyListeningIsAnUnavailablePort() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        assertThatThrownBy(() -> TcpLink.connect(new PortSpec.Tcp("127.0.0.1", port), 115_200))
                .isInstanceOf(PortUnavailableException.class)
                .hasMessageContaining("cannot connect to tcp://127.0.0.1:" + port)
                .hasMessageContaining("simulator");
    }

    @Test
    void serialLinksOpensTcpForATcpSpec() throws IOException {
        try (SerialLink opened = SerialLinks.open(PortSpec.parse("tcp://127.0.0.1:" + server.getLocalPort()), 115_200);
             Socket accepted = server.accept()) {
            opened.write(ascii("x"));
            accepted.setSoTimeout((int) PATIENCE.toMillis());
            assertThat(accepted.getInputStream().read()).isEqualTo('x');
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
