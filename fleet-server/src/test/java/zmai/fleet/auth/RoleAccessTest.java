package zmai.fleet.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static zmai.fleet.auth.ApiClient.PROBLEM_JSON;
import static zmai.fleet.auth.ApiClient.as;
import static zmai.fleet.auth.ApiClient.asAdmin;
import static zmai.fleet.auth.ApiClient.createToken;
import static zmai.fleet.auth.ApiClient.uniqueName;

/** Each role gets exactly its permissions on /api/whoami and /api/tokens. */
@QuarkusTest
class RoleAccessTest {

    @Test
    void theBootstrapAdminFromConfigurationIsAnAdmin() {
        asAdmin().get("/api/whoami").then()
                .statusCode(200)
                .body("name", equalTo("bootstrap-admin"))
                .body("role", equalTo("admin"))
                .body("roles", equalTo(List.of("admin", "operator", "viewer")));
    }

    @Test
    void aViewerMayAskWhoItIsButNotManageTokens() {
        String viewer = createToken("viewer");

        as(viewer).get("/api/whoami").then()
                .statusCode(200)
                .body("name", startsWith("viewer-"))
                .body("role", equalTo("viewer"))
                .body("roles", equalTo(List.of("viewer")));
        assertNoTokenManagement(viewer, "viewer");
    }

    @Test
    void anOperatorHoldsTheViewerRoleButMayNotManageTokens() {
        String operator = createToken("operator");

        as(operator).get("/api/whoami").then()
                .statusCode(200)
                .body("role", equalTo("operator"))
                .body("roles", equalTo(List.of("operator", "viewer")));
        assertNoTokenManagement(operator, "operator");
    }

    @Test
    void anIssuedAdminMayManageTokens() {
        String admin = createToken("admin");

        as(admin).get("/api/whoami").then().statusCode(200).body("role", equalTo("admin"));
        as(admin).get("/api/tokens").then().statusCode(200);
        String id = as(admin).contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName("by-admin"), "role", "viewer"))
                .post("/api/tokens").then().statusCode(201)
                .extract().path("id");
        as(admin).delete("/api/tokens/" + id).then().statusCode(204);
    }

    private static void assertNoTokenManagement(String token, String role) {
        as(token).get("/api/tokens").then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"))
                .body("detail", startsWith("token '" + role + "-"));
        as(token).contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName("escalation"), "role", "admin"))
                .post("/api/tokens").then().statusCode(403).contentType(PROBLEM_JSON);
        as(token).delete("/api/tokens/bootstrap").then().statusCode(403).contentType(PROBLEM_JSON);
    }
}
