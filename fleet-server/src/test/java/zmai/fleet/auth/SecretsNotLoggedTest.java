package zmai.fleet.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything the server logs, at debug level and with the access log on, while tokens are issued, used, guessed
 * and revoked and the broker cannot be reached, holds none of the secrets: no token, no broker password.
 */
@QuarkusTest
@TestProfile(SecretsNotLoggedTest.Logged.class)
class SecretsNotLoggedTest {

    static final String ADMIN = "log-test-admin-token-6c1f0e9a27b4d853";
    static final String BROKER_PASSWORD = "log-test-broker-password-31d7";
    static final Path LOG = Path.of("target", "secrets-not-logged", "fleet.log");

    public static final class Logged implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("fleet.admin-token", ADMIN),
                    // nothing listens there: the connection failures are logged, with whatever they carry
                    Map.entry("fleet.mqtt.url", "tcp://127.0.0.1:1"),
                    Map.entry("fleet.mqtt.username", "fleet-log-test"),
                    Map.entry("fleet.mqtt.password", BROKER_PASSWORD),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", LOG.toString()),
                    Map.entry("quarkus.log.category.\"zmai\".level", "DEBUG"),
                    Map.entry("quarkus.log.category.\"io.quarkus.security\".level", "DEBUG"),
                    Map.entry("quarkus.log.category.\"io.quarkus.vertx.http.runtime.security\".level", "DEBUG"),
                    Map.entry("quarkus.http.access-log.enabled", "true"));
        }
    }

    @Test
    void noTokenOrPasswordReachesTheLog() throws IOException {
        String issued = issue("viewer");
        String secretPart = secretOf(issued);
        String revoked = issue("operator");
        String guessOfAnIssuedToken = issued.substring(0, issued.length() - secretPart.length()) + "wrong-secret-a81f";
        String guess = "plain-guess-0f9d2c71";

        ApiClient.as(issued).get("/api/whoami").then().statusCode(200);
        ApiClient.as(guessOfAnIssuedToken).get("/api/whoami").then().statusCode(401);
        ApiClient.as(guess).get("/api/whoami").then().statusCode(401);
        RestAssured.given().header("Authorization", "Basic " + guess).get("/api/whoami").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + guess + " " + guess).get("/api/whoami")
                .then().statusCode(401);
        ApiClient.as(ADMIN).delete("/api/tokens/" + idOf(revoked)).then().statusCode(204);
        ApiClient.as(revoked).get("/api/whoami").then().statusCode(401);

        // the capture works: what was done is there, and the failing broker too
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(LOG)
                && Files.readString(LOG).contains("cannot connect to the MQTT broker")
                && Files.readString(LOG).contains("revoked token"));
        String log = Files.readString(LOG);
        assertTrue(log.contains("issued token"), "the issue is logged");
        assertTrue(log.contains("/api/whoami"), "the access log is on");

        List<String> secrets = List.of(ADMIN, BROKER_PASSWORD, issued, secretPart, revoked,
                secretOf(revoked), guessOfAnIssuedToken, guess);
        assertAll(secrets.stream().map(secret -> () -> assertFalse(log.contains(secret),
                "the log holds the secret " + secret)));
    }

    private static String issue(String role) {
        return ApiClient.as(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", ApiClient.uniqueName(role), "role", role))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
    }

    /** The public id sits between the prefix and the secret: zf_<id>_<secret>. */
    private static String idOf(String token) {
        return token.substring(TokenSecrets.PREFIX.length(), token.indexOf('_', TokenSecrets.PREFIX.length()));
    }

    // after the id's underscore: the secret itself may hold more of them (base64url)
    private static String secretOf(String token) {
        return token.substring(TokenSecrets.PREFIX.length() + idOf(token).length() + 1);
    }
}
