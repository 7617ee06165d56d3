package zmai.meter.virtual;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualFleetTest {

    @Test
    void twoHundredMetersInSessionModeAllComeOnline() throws Exception {
        long seed = System.nanoTime() & 0xFFFF;
        String prefix = String.format("c8:%02x:%02x", (seed >> 8) & 0xFF, seed & 0xFF);
        FleetScenario scenario = new FleetScenario(200, prefix, seed, null, null, null, null, 0);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        Set<String> online = new HashSet<>();
        try (BrokerProbe probe = new BrokerProbe("+/connected");
             VirtualFleet fleet = new VirtualFleet(scenario, BrokerProbe.BROKER, scheduler, InstantSource.system())) {
            Set<String> ours = new HashSet<>();
            fleet.connections().forEach(c -> ours.add(c.meter().topic() + "/connected"));
            fleet.start();
            while (online.size() < 200) {
                BrokerProbe.Received r = probe.await(x -> ours.contains(x.topic()) && x.payload().equals("online"),
                        Duration.ofSeconds(30));
                online.add(r.topic());
            }
            for (String topic : ours) {
                probe.clearRetained(topic);
            }
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(online).hasSize(200);
    }

    @Test
    void scenarioJsonDescribesFaults() throws Exception {
        Path file = Files.createTempFile("fleet", ".json");
        Files.writeString(file, "{\"count\": 10, \"macPrefix\": \"c8:47:8c\", \"seed\": 42,"
                + " \"profile\": {\"kind\": \"day\", \"baseWatts\": 80, \"peakWatts\": 2500, \"powerFactor\": 0.95},"
                + " \"flags\": [2, 50], \"faults\": [{\"meter\": 3, \"kind\": \"DUPLICATE_TOPIC\", \"of\": 2},"
                + " {\"meter\": 5, \"kind\": \"NO_NTP\"}, {\"meter\": 7, \"kind\": \"FLAPPING\", \"everySeconds\": 90},"
                + " {\"meter\": 1, \"kind\": \"OTA_SWALLOWED\"}, {\"meter\": 4, \"kind\": \"OTA_UNREACHABLE\"},"
                + " {\"meter\": 6, \"kind\": \"FAILING_DOWNLOADS\"}, {\"meter\": 8, \"kind\": \"OTA_KEEPS_OLD\"},"
                + " {\"meter\": 9, \"kind\": \"UNPLUGGED\", \"afterSeconds\": 45}],"
                + " \"downloadBytesPerSecond\": 40000}");
        FleetScenario s = FleetScenario.read(file);
        assertThat(s.meter(2).topic().value()).isEqualTo("obk8C000002");
        assertThat(s.meter(3).topic()).isEqualTo(s.meter(2).topic());
        assertThat(s.meter(3).mac()).isNotEqualTo(s.meter(2).mac());
        assertThat(s.meter(5).ntp()).isFalse();
        assertThat(s.meter(4).ntp()).isTrue();
        assertThat(s.flappingSeconds(7)).isEqualTo(90);
        assertThat(s.unpluggedSeconds(9)).isEqualTo(45);
        assertThat(s.unpluggedSeconds(7)).isZero();
        assertThat(s.meter(1).initialFlags()).containsExactlyInAnyOrder(2, 50);
        assertThat(s.meter(1).ota()).isEqualTo(new OtaBehaviour(40000, OtaFault.SWALLOWS_COMMAND));
        assertThat(s.meter(4).ota()).isEqualTo(new OtaBehaviour(40000, OtaFault.UNREACHABLE_SERVER));
        assertThat(s.meter(6).ota()).isEqualTo(new OtaBehaviour(40000, OtaFault.ABORTS_DOWNLOAD));
        assertThat(s.meter(8).ota()).isEqualTo(new OtaBehaviour(40000, OtaFault.BOOTLOADER_KEEPS_OLD));
        assertThat(s.meter(2).ota()).isEqualTo(new OtaBehaviour(40000, OtaFault.NONE));
        assertThat(s.withDownloadBytesPerSecond(0).meter(0).ota()).isEqualTo(OtaBehaviour.DEFAULT);
        assertThat(FleetScenario.of(3, 1).meter(0).ota()).isEqualTo(OtaBehaviour.DEFAULT);
        Files.delete(file);
    }

    @Test
    void anUnpluggedMeterLeavesItsWillBehindAndNeverComesBack() throws Exception {
        long seed = System.nanoTime() & 0xFFFF;
        String prefix = String.format("c8:%02x:%02x", (seed >> 8) & 0xFF, seed & 0xFF);
        FleetScenario scenario = new FleetScenario(2, prefix, seed, null, null, null,
                java.util.List.of(new FleetScenario.Fault(1, "UNPLUGGED", null, null, 6)), 0);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (BrokerProbe probe = new BrokerProbe("+/connected");
             VirtualFleet fleet = new VirtualFleet(scenario, BrokerProbe.BROKER, scheduler, InstantSource.system())) {
            String kept = fleet.connections().get(0).meter().topic() + "/connected";
            String pulled = fleet.connections().get(1).meter().topic() + "/connected";
            fleet.start();
            probe.await(pulled, "online", Duration.ofSeconds(15));
            probe.await(pulled, "offline", Duration.ofSeconds(15));
            assertThat(fleet.connections().get(1).isUnplugged()).isTrue();
            // past OpenBeken's 15 s retry: a meter that merely lost its connection would be back by now
            Thread.sleep(18_000);
            assertThat(fleet.connections().get(1).isConnected()).isFalse();
            assertThat(fleet.online()).isEqualTo(1);
            try (BrokerProbe late = new BrokerProbe(pulled)) {
                BrokerProbe.Received will = late.await(pulled, Duration.ofSeconds(5));
                assertThat(will.payload()).isEqualTo("offline");
                assertThat(will.retained()).isTrue();
            }
            probe.clearRetained(kept);
            probe.clearRetained(pulled);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void scenarioJsonStaysStrict() throws Exception {
        Path file = Files.createTempFile("fleet", ".json");
        Files.writeString(file, "{\"count\": 2, \"downloadRate\": 40000}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FleetScenario.read(file))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("downloadRate");
        Files.delete(file);
    }

    @Test
    void aFleetServesEveryMetersWebServerOnOnePort() throws Exception {
        FleetScenario scenario = FleetScenario.of(3, 5);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        java.net.http.HttpClient http = MeterConnection.httpClient();
        try (VirtualFleet fleet = new VirtualFleet(scenario, BrokerProbe.BROKER, scheduler, InstantSource.system())) {
            MeterHttpApi api = fleet.serveHttp(0);
            assertThat(api.urlTemplate()).isEqualTo("http://127.0.0.1:" + api.port() + "/{topic}");
            for (MeterConnection c : fleet.connections()) {
                java.net.URI info = java.net.URI.create(api.urlTemplate().replace("{topic}", c.meter().topic().value())
                        + "/api/info");
                java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(info).GET()
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("\"mqtttopic\":\"" + c.meter().topic() + "\"");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fleet.serveHttp(0))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
