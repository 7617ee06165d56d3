package zmai.fleet.auth;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmai.fleet.auth.ApiClient.PROBLEM_JSON;
import static zmai.fleet.auth.ApiClient.as;
import static zmai.fleet.auth.ApiClient.asAdmin;
import static zmai.fleet.auth.ApiClient.uniqueName;

@QuarkusTest
class TokenManagementTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCreatedTokenIsShownOnceAndListedWithoutSecrets() {
        String name = uniqueName("ci");
        Instant expiresAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> created = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", "operator", "expiresAt", expiresAt.toString()))
                .post("/api/tokens").then()
                .statusCode(201)
                .header("Location", startsWith("http"))
                .body("name", equalTo(name))
                .body("role", equalTo("operator"))
                .body("expiresAt", equalTo(expiresAt.toString()))
                .body("token", startsWith("zf_"))
                .extract().jsonPath().getMap("$");
        String id = (String) created.get("id");
        assertTrue(((String) created.get("token")).startsWith("zf_" + id + "_"));

        List<Map<String, Object>> listed = asAdmin().get("/api/tokens").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.id == '" + id + "' }");
        assertEquals(1, listed.size());
        Map<String, Object> entry = listed.get(0);
        assertEquals(Map.of("id", id, "name", name, "role", "operator", "revoked", false),
                Map.of("id", entry.get("id"), "name", entry.get("name"), "role", entry.get("role"),
                        "revoked", entry.get("revoked")));
        assertTrue(entry.containsKey("createdAt") && entry.containsKey("lastUsedAt"));
        assertFalse(entry.containsKey("token") || entry.containsKey("hash") || entry.containsKey("secretHash")
                || entry.containsKey("salt"), entry.toString());
    }

    @Test
    void useIsRecorded() {
        Map<String, String> created = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName("used"), "role", "viewer"))
                .post("/api/tokens").then().statusCode(201).extract().jsonPath().getMap("$");
        String id = created.get("id");
        asAdmin().get("/api/tokens").then().body("find { it.id == '" + id + "' }.lastUsedAt", nullValue());

        as(created.get("token")).get("/api/whoami").then().statusCode(200);

        asAdmin().get("/api/tokens").then().body("find { it.id == '" + id + "' }.lastUsedAt", notNullValue());
    }

    @Test
    void theDatabaseHoldsNoPlainToken() throws SQLException {
        String token = ApiClient.createToken("admin");
        String secret = TokenSecrets.parse(token).orElseThrow().secret();

        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM api_token")) {
            ResultSetMetaData columns = rows.getMetaData();
            int checked = 0;
            while (rows.next()) {
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    String value = rows.getString(column);
                    if (value != null) {
                        assertFalse(value.contains(secret) || value.contains(token),
                                "column " + columns.getColumnName(column) + " holds the token");
                        assertFalse(value.contains(ApiClient.ADMIN_TOKEN),
                                "column " + columns.getColumnName(column) + " holds the admin token");
                        checked++;
                    }
                }
            }
            assertTrue(checked > 0);
        }
    }

    @Test
    void badRequestsAre400Problems() {
        List<Map<String, Object>> bodies = List.of(
                Map.of("role", "viewer"),
                Map.of("name", "  ", "role", "viewer"),
                Map.of("name", uniqueName("x"), "role", "root"),
                Map.of("name", uniqueName("x")),
                Map.of("name", uniqueName("x"), "role", "viewer", "expiresAt", "2001-01-01T00:00:00Z"),
                Map.of("name", "bootstrap-admin", "role", "admin"));
        String[] details = {
                "a token needs a name: it is the caller in audit logs",
                "a token needs a name: it is the caller in audit logs",
                "role must be one of viewer, operator, admin, not 'root'",
                "a token needs a role: viewer, operator or admin",
                "expiresAt must be in the future",
                "the name 'bootstrap-admin' is reserved for the server's own tokens",
        };
        for (int i = 0; i < bodies.size(); i++) {
            asAdmin().contentType(ContentType.JSON).body(bodies.get(i)).post("/api/tokens").then()
                    .statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("title", equalTo("Bad Request"))
                    .body("status", equalTo(400))
                    .body("detail", equalTo(details[i]));
        }
    }

    @Test
    void aBodyThatIsNotJsonIsA400Problem() {
        asAdmin().contentType(ContentType.JSON).body("{\"name\": ").post("/api/tokens").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", startsWith("request body is not valid JSON"));
        asAdmin().contentType(ContentType.JSON).body("{\"name\": \"n\", \"role\": \"viewer\", \"expiresAt\": \"soon\"}")
                .post("/api/tokens").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", startsWith("invalid value for 'expiresAt'"));
    }

    @Test
    void aSecondLiveTokenWithTheSameNameIsAConflict() {
        String name = uniqueName("twice");
        asAdmin().contentType(ContentType.JSON).body(Map.of("name", name, "role", "viewer"))
                .post("/api/tokens").then().statusCode(201);

        asAdmin().contentType(ContentType.JSON).body(Map.of("name", name, "role", "viewer"))
                .post("/api/tokens").then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("detail", startsWith("a token named '" + name + "' exists already"));
    }

    @Test
    void revokingAnUnknownTokenIsA404Problem() {
        asAdmin().delete("/api/tokens/nope").then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("no token 'nope'"));
    }

    @Test
    void revokedTokensStayListed() {
        Map<String, String> created = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName("gone"), "role", "viewer"))
                .post("/api/tokens").then().statusCode(201).extract().jsonPath().getMap("$");

        asAdmin().delete("/api/tokens/" + created.get("id")).then().statusCode(204);

        asAdmin().get("/api/tokens").then()
                .body("findAll { it.revoked }.id", hasItem(created.get("id")));
    }
}
