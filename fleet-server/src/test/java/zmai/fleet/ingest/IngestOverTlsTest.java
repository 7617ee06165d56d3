package zmai.fleet.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** The server itself, given an ssl:// broker URL, a PEM CA and a password, connects to a TLS-only broker. */
@QuarkusTest
@TestProfile(IngestOverTlsTest.TlsBroker.class)
class IngestOverTlsTest {

    public static final class TlsBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TlsBrokerResource.class));
        }
    }

    @Inject
    MqttIngest ingest;

    @Test
    void theServerConnectsOverTlsWithItsPassword() {
        await().atMost(Duration.ofSeconds(30)).until(ingest::isConnected);
    }
}
