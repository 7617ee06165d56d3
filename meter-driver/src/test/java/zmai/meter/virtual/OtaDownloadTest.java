package zmai.meter.virtual;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.RblHeader;
import zmai.core.meter.DeviceTopic;
import zmai.core.topic.OutboundCommand;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static zmai.meter.virtual.MeterConnectionTest.BUILD;
import static zmai.meter.virtual.MeterConnectionTest.WAIT;

/** OTA downloads on the wire, as the server that hands out the image sees them; real Mosquitto, hand-driven time. */
class OtaDownloadTest {

    static final String OLD_BUILD = "OpenBK7231N 1.18.288 Mar  1 2025 10:11:12";
    static final String NEW_BUILD = "OpenBK7231N 1.18.301 Mar  1 2025 10:11:12";
    static final String PATH = "/OpenBK7231N_1.18.301.rbl";

    private final HandDrivenMeters meters = new HandDrivenMeters();
    private final SettableClock clock = meters.clock;
    private BrokerProbe probe;
    private ImageServer server;

    @AfterEach
    void closeAll() throws Exception {
        meters.close(probe);
        if (server != null) {
            server.close();
        }
    }

    /** A valid RBL package for 1.18.301 around {@code firmwareBytes} of application. */
    static byte[] image(int firmwareBytes) {
        byte[] firmware = new byte[firmwareBytes];
        new Random(firmwareBytes).nextBytes(firmware);
        return RblHeader.buildFile(RblHeader.forPlainApplication("1.18.301", firmware, 1), firmware);
    }

    /** A transfer as the server saw it: bytes its writes got through, and whether it wrote the whole body. */
    record Transfer(long bytesWritten, boolean completed) {
    }

    /**
     * Serves one image in 16 KiB writes, each request on its own thread; {@code writeGapMillis} between writes
     * keeps the sender slower than loopback, so socket buffers stay nearly empty and a hang-up shows as a failed
     * write; after {@code stallAfter} bytes it goes silent. {@code /missing} answers 404.
     */
    static final class ImageServer implements AutoCloseable {
        final byte[] image;
        final long writeGapMillis;
        final long stallAfter;
        final AtomicInteger requests = new AtomicInteger();
        final BlockingQueue<Transfer> transfers = new LinkedBlockingQueue<>();
        private final HttpServer http;
        private final ExecutorService handlers = Executors.newCachedThreadPool();

        ImageServer(byte[] image) throws IOException {
            this(image, 0, Long.MAX_VALUE);
        }

        ImageServer(byte[] image, long writeGapMillis, long stallAfter) throws IOException {
            this.image = image;
            this.writeGapMillis = writeGapMillis;
            this.stallAfter = stallAfter;
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(handlers);
            http.createContext("/missing", exchange -> {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            });
            http.createContext(PATH, exchange -> {
                requests.incrementAndGet();
                long written = 0;
                boolean completed = false;
                try {
                    exchange.sendResponseHeaders(200, image.length);
                    OutputStream out = exchange.getResponseBody();
                    while (written < image.length) {
                        int n = (int) Math.min(16 * 1024, image.length - written);
                        out.write(image, (int) written, n);
                        out.flush();
                        written += n;
                        if (written >= stallAfter) {
                            Thread.sleep(WAIT.toMillis()); // silence on the line, headers and some bytes sent
                        } else if (writeGapMillis > 0) {
                            Thread.sleep(writeGapMillis);
                        }
                    }
                    out.close();
                    completed = true;
                } catch (IOException e) {
                    // the meter hung up before the end of the body
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    exchange.close();
                    transfers.add(new Transfer(written, completed));
                }
            });
            http.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + PATH);
        }

        Transfer awaitTransfer() throws InterruptedException {
            Transfer t = transfers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(t).as("the server finished a transfer in time").isNotNull();
            return t;
        }

        @Override
        public void close() {
            http.stop(0);
            handlers.shutdownNow();
        }
    }

    MeterConnection start(OtaBehaviour ota, MeterConnection.Timing timing) throws Exception {
        MeterConfig config = MeterConfig.defaults(MeterConnectionTest.uniqueMac(), BUILD, LoadProfile.constant(100, 1),
                11).withOta(ota);
        probe = new BrokerProbe(config.topic() + "/#");
        MeterConnection c = meters.start(config, timing);
        tickUntilConnected(c);
        probe.await(config.topic() + "/connected", "online", WAIT);
        return c;
    }

    MeterConnection start(OtaBehaviour ota) throws Exception {
        return start(ota, MeterConnectionTest.FAST);
    }

    void tick(MeterConnection c, int seconds) {
        meters.tick(c, seconds);
    }

    void tickUntilConnected(MeterConnection c) throws InterruptedException {
        meters.tickUntilConnected(c, probe);
    }

    void otaHttp(DeviceTopic topic, URI url) throws Exception {
        OutboundCommand ota = OutboundCommand.otaHttp(topic, url);
        probe.publish(ota.topic(), ota.payload());
    }

    /** Waits for the will, the reboot and the reconnect; returns the build the meter announces afterwards. */
    String buildAfterReboot(MeterConnection c) throws Exception {
        DeviceTopic topic = c.meter().topic();
        probe.await(topic + "/connected", "offline", WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (c.meter().phase() != MeterPhase.RUNNING) {
            assertThat(System.nanoTime()).as("rebooted in time").isLessThan(deadline);
            probe.awaitQuietly(Duration.ofMillis(10));
        }
        tickUntilConnected(c);
        probe.await(topic + "/connected", "online", WAIT);
        tick(c, 3);
        return probe.await(topic + "/build", WAIT).payload();
    }

    @Test
    void aMeterWithoutFaultFetchesTheWholeImageAndComesBackOnTheNewBuild() throws Exception {
        server = new ImageServer(image(256 * 1024));
        MeterConnection c = start(OtaBehaviour.DEFAULT);
        otaHttp(c.meter().topic(), server.url());
        Transfer t = server.awaitTransfer();
        assertThat(t.completed()).isTrue();
        assertThat(t.bytesWritten()).isEqualTo(server.image.length);
        assertThat(buildAfterReboot(c)).isEqualTo(NEW_BUILD);
        assertThat(c.downloadedBytes()).isEqualTo(server.image.length);
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    void aMeterThatAbortsClosesTheConnectionShortOfTheBodyAndKeepsItsBuild() throws Exception {
        // 1 MiB at about 3 MiB/s from the server: the meter hangs up near 512 KiB with half the body still to send
        server = new ImageServer(image(1024 * 1024), 5, Long.MAX_VALUE);
        MeterConnection c = start(new OtaBehaviour(0, OtaFault.ABORTS_DOWNLOAD));
        otaHttp(c.meter().topic(), server.url());
        Transfer t = server.awaitTransfer();
        assertThat(t.completed()).as("the server's writes fail once the meter hangs up").isFalse();
        assertThat(t.bytesWritten()).isLessThan(server.image.length);
        assertThat(buildAfterReboot(c)).isEqualTo(OLD_BUILD);
        assertThat(c.downloadedBytes()).isBetween(server.image.length / 2L, server.image.length - 1L);
    }

    @Test
    void aMeterThatSwallowsTheCommandFetchesNothingAndStaysOnline() throws Exception {
        server = new ImageServer(image(4096));
        MeterConnection c = start(new OtaBehaviour(0, OtaFault.SWALLOWS_COMMAND));
        DeviceTopic topic = c.meter().topic();
        Duration uptimeBefore = c.meter().uptime();
        otaHttp(topic, server.url());
        long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        while (System.nanoTime() < until) {
            tick(c, 1);
            BrokerProbe.Received r = probe.pollQuietly(Duration.ofMillis(200));
            if (r != null) {
                assertThat(r.topic() + " " + r.payload()).isNotEqualTo(topic + "/connected offline");
            }
        }
        assertThat(server.requests.get()).isZero();
        assertThat(c.isConnected()).isTrue();
        assertThat(c.meter().phase()).isEqualTo(MeterPhase.RUNNING);
        assertThat(c.meter().uptime()).as("no reboot").isGreaterThan(uptimeBefore);
    }

    @Test
    void aMeterThatCannotReachTheServerSendsNoRequestGoesOfflineAndComesBackOnItsOldBuild() throws Exception {
        server = new ImageServer(image(4096));
        MeterConnection c = start(new OtaBehaviour(0, OtaFault.UNREACHABLE_SERVER));
        otaHttp(c.meter().topic(), server.url());
        assertThat(buildAfterReboot(c)).isEqualTo(OLD_BUILD);
        assertThat(server.requests.get()).isZero();
        assertThat(c.downloadedBytes()).isZero();
    }

    @Test
    void aMeterWhoseBootloaderKeepsTheOldAppFetchesEverythingYetBootsTheOldBuild() throws Exception {
        server = new ImageServer(image(256 * 1024));
        MeterConnection c = start(new OtaBehaviour(0, OtaFault.BOOTLOADER_KEEPS_OLD));
        otaHttp(c.meter().topic(), server.url());
        Transfer t = server.awaitTransfer();
        assertThat(t.completed()).isTrue();
        assertThat(t.bytesWritten()).isEqualTo(server.image.length);
        assertThat(buildAfterReboot(c)).isEqualTo(OLD_BUILD);
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    void aPacedMeterReadsOverSecondsPastItsStallTimeoutAndStillInstalls() throws Exception {
        // 768 KiB at 256 KiB/s takes 3 s; a stall timeout of 1 s must not cut it short, as bytes keep coming
        server = new ImageServer(image(768 * 1024));
        MeterConnection.Timing timing = new MeterConnection.Timing(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1));
        MeterConnection c = start(new OtaBehaviour(256 * 1024, OtaFault.NONE), timing);
        otaHttp(c.meter().topic(), server.url());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.requests.get() == 0) {
            assertThat(System.nanoTime()).as("the GET arrives").isLessThan(deadline);
            Thread.sleep(5);
        }
        Thread.sleep(1_000);
        // an unpaced meter has 1 MiB from loopback in milliseconds; on loopback the socket buffers take the whole
        // body from the server at once, so the pace shows on the meter's side
        assertThat(c.downloadedBytes()).isBetween(1L, server.image.length / 2L);
        assertThat(c.meter().phase()).isEqualTo(MeterPhase.DOWNLOADING);
        assertThat(buildAfterReboot(c)).isEqualTo(NEW_BUILD);
        assertThat(c.downloadedBytes()).isEqualTo(server.image.length);
    }

    @Test
    void aDownloadThatGoesSilentForTheHttpTimeoutEndsAndTheMeterKeepsItsBuild() throws Exception {
        server = new ImageServer(image(256 * 1024), 0, 64 * 1024);
        MeterConnection.Timing timing = new MeterConnection.Timing(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1));
        MeterConnection c = start(OtaBehaviour.DEFAULT, timing);
        otaHttp(c.meter().topic(), server.url());
        assertThat(buildAfterReboot(c)).isEqualTo(OLD_BUILD);
        assertThat(c.downloadedBytes()).isBetween(64 * 1024L, server.image.length - 1L);
    }

    @Test
    void aRefusedDownloadRebootsIntoTheOldBuild() throws Exception {
        server = new ImageServer(image(4096));
        MeterConnection c = start(OtaBehaviour.DEFAULT);
        otaHttp(c.meter().topic(), URI.create(server.url().resolve("/missing") + "/OpenBK7231N_1.18.301.rbl"));
        assertThat(buildAfterReboot(c)).isEqualTo(OLD_BUILD);
        assertThat(server.requests.get()).isEqualTo(1);
    }
}
