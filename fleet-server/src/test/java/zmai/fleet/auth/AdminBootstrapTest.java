package zmai.fleet.auth;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmai.fleet.auth.ApiClient.ADMIN_TOKEN;
import static zmai.fleet.auth.ApiClient.as;

/**
 * What start-up does with fleet.admin-token, replayed by calling the start-up step with other values. Each test
 * puts the test profile's admin token back, since the other test classes use it.
 */
@QuarkusTest
class AdminBootstrapTest {

    @Inject
    AdminBootstrap bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aChangedAdminTokenReplacesTheOldOne() {
        String replacement = "another-admin-token-fedcba9876543210";
        try {
            assertEquals(Optional.empty(), bootstrap.ensure(Optional.of(replacement)));

            as(ADMIN_TOKEN).get("/api/whoami").then().statusCode(401);
            as(replacement).get("/api/whoami").then().statusCode(200).body("name", equalTo("bootstrap-admin"));
        } finally {
            bootstrap.ensure(Optional.of(ADMIN_TOKEN));
        }
        as(ADMIN_TOKEN).get("/api/whoami").then().statusCode(200);
        as(replacement).get("/api/whoami").then().statusCode(401);
    }

    @Test
    void withoutAConfiguredTokenOneIsGeneratedOnceWhenNoAdminCanLogIn() throws SQLException {
        String liveAdmins = String.join(",", queryStrings(
                "SELECT pk FROM api_token WHERE role = 'admin' AND revoked_at IS NULL AND public_id <> 'bootstrap'"));
        if (!liveAdmins.isEmpty()) {
            sql("UPDATE api_token SET revoked_at = now() WHERE pk IN (" + liveAdmins + ")");
        }
        String generated = null;
        try {
            Optional<String> first = bootstrap.ensure(Optional.empty());
            assertTrue(first.isPresent(), "no admin could log in, so one is generated");
            generated = first.get();
            as(generated).get("/api/whoami").then()
                    .statusCode(200)
                    .body("name", equalTo("initial-admin"))
                    .body("role", equalTo("admin"));
            as(ADMIN_TOKEN).get("/api/whoami").then().statusCode(401); // no longer configured

            assertEquals(Optional.empty(), bootstrap.ensure(Optional.empty()), "never a second time");
        } finally {
            if (!liveAdmins.isEmpty()) {
                sql("UPDATE api_token SET revoked_at = NULL WHERE pk IN (" + liveAdmins + ")");
            }
            sql("UPDATE api_token SET revoked_at = now() WHERE name = 'initial-admin' AND revoked_at IS NULL");
            bootstrap.ensure(Optional.of(ADMIN_TOKEN));
        }
        as(ADMIN_TOKEN).get("/api/whoami").then().statusCode(200);
        as(generated).get("/api/whoami").then().statusCode(401);
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement jdbc = connection.createStatement()) {
            jdbc.execute(statement);
        }
    }

    private List<String> queryStrings(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement jdbc = connection.createStatement();
             ResultSet rows = jdbc.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
