package zmai.fleet.http;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The server with a certificate, as the README sets it up: the API and the console answer over HTTPS, and plain
 * HTTP serves only firmware to the meters (and health probes), sending everything else to HTTPS.
 */
@QuarkusTest
@TestProfile(HttpsTest.WithCertificate.class)
class HttpsTest {

    static final String ADMIN = "test-admin-token-0123456789abcdef";

    public static final class WithCertificate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path dir = selfSigned();
            return Map.of(
                    "quarkus.http.ssl.certificate.files", dir.resolve("cert.pem").toString(),
                    "quarkus.http.ssl.certificate.key-files", dir.resolve("key.pem").toString(),
                    "quarkus.http.test-ssl-port", "0");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @TestHTTPResource("/")
    URL http;

    @Test
    void theApiAnswersOverHttps() {
        RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString()).port(https.getPort())
                .header("Authorization", "Bearer " + ADMIN)
                .get("/api/whoami").then().statusCode(200).body("role", equalTo("admin"));
    }

    @Test
    void theApiAndConsoleOverPlainHttpAreSentToHttps() {
        for (String path : new String[] {"/api/whoami?x=1", "/"}) {
            var response = RestAssured.given().redirects().follow(false).baseUri(http.toString()).port(http.getPort())
                    .header("Authorization", "Bearer " + ADMIN).get(path);
            assertEquals(308, response.statusCode(), path);
            assertEquals("https://" + http.getHost() + ":" + https.getPort() + path, response.header("Location"));
        }
    }

    @Test
    void firmwareAndHealthStayOnPlainHttp() {
        int firmware = RestAssured.given().redirects().follow(false).baseUri(http.toString()).port(http.getPort())
                .get("/ota/no-such-rollout/meter-1/OpenBK7231N_1.0.0.rbl").statusCode();
        assertEquals(404, firmware, "the image server itself answers: no such image");
        int health = RestAssured.given().redirects().follow(false).baseUri(http.toString()).port(http.getPort())
                .get("/q/health/live").statusCode();
        assertNotEquals(308, health);
    }

    /** A certificate for 127.0.0.1 and localhost, made with openssl for this test run. */
    static Path selfSigned() {
        Path dir = Path.of("target", "https-test");
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("openssl could not make a test certificate");
            }
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
