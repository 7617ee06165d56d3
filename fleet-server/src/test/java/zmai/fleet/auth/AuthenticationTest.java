package zmai.fleet.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static zmai.fleet.auth.ApiClient.PROBLEM_JSON;
import static zmai.fleet.auth.ApiClient.as;
import static zmai.fleet.auth.ApiClient.asAdmin;
import static zmai.fleet.auth.ApiClient.uniqueName;

/** Every way a call can lack a usable token ends in 401 problem+json with a Bearer challenge. */
@QuarkusTest
class AuthenticationTest {

    @Inject
    ApiTokens tokens;

    @Test
    void aMissingTokenIs401() {
        Response response = RestAssured.given().get("/api/whoami");
        assertEquals(List.of("Bearer realm=\"zmai-fleet\""), response.headers().getValues("WWW-Authenticate"));
        response.then()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer <token>"));
    }

    @Test
    void everyApiPathNeedsAToken() {
        RestAssured.given().get("/api/tokens").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void aMalformedHeaderIs401() {
        for (String header : new String[] {"Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer two words", "Token abc"}) {
            Response response = RestAssured.given().header("Authorization", header).get("/api/whoami");
            assertEquals(List.of("Bearer realm=\"zmai-fleet\", error=\"invalid_request\""),
                    response.headers().getValues("WWW-Authenticate"));
            response.then()
                    .statusCode(401)
                    .contentType(PROBLEM_JSON)
                    .body("detail", containsString("malformed Authorization header"));
        }
    }

    @Test
    void aWrongTokenIs401() {
        String issued = ApiClient.createToken("viewer");
        String[] wrong = {
                "nonsense",
                ApiClient.ADMIN_TOKEN + "x",
                issued.substring(0, issued.length() - 2) + "xx", // right public id, wrong secret
                TokenSecrets.generate().plain(),                   // well-formed, never issued
        };
        for (String token : wrong) {
            Response response = as(token).get("/api/whoami");
            assertEquals(List.of("Bearer realm=\"zmai-fleet\", error=\"invalid_token\""),
                    response.headers().getValues("WWW-Authenticate"));
            response.then()
                    .statusCode(401)
                    .contentType(PROBLEM_JSON)
                    .body("status", equalTo(401))
                    .body("detail", equalTo("invalid token"));
        }
    }

    @Test
    void anExpiredTokenIs401() {
        String name = uniqueName("expired");
        IssuedToken expired = tokens.issue(name, Role.ADMIN, Instant.now().minusSeconds(1));

        as(expired.token()).get("/api/whoami").then()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("detail", startsWith("token '" + name + "' expired at"));
    }

    @Test
    void aTokenThatExpiresLaterWorksUntilThen() {
        IssuedToken later = tokens.issue(uniqueName("later"), Role.VIEWER, Instant.now().plusSeconds(3600));

        as(later.token()).get("/api/whoami").then().statusCode(200);
    }

    @Test
    void aRevokedTokenIs401() {
        String name = uniqueName("revoked");
        Map<String, String> created = asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", "operator"))
                .post("/api/tokens").then().statusCode(201)
                .extract().jsonPath().getMap("$");
        as(created.get("token")).get("/api/whoami").then().statusCode(200);

        asAdmin().delete("/api/tokens/" + created.get("id")).then().statusCode(204);

        as(created.get("token")).get("/api/whoami").then()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("token '" + name + "' has been revoked"));
        asAdmin().delete("/api/tokens/" + created.get("id")).then().statusCode(204); // revoking again is harmless
    }

    @Test
    void healthMetricsAndOpenApiStayOpenEvenWithAStrayHeader() {
        for (String path : new String[] {"/q/health", "/q/health/live", "/q/metrics", "/q/openapi"}) {
            RestAssured.given().get(path).then().statusCode(200);
            RestAssured.given().header("Authorization", "Bearer nonsense").get(path).then().statusCode(200);
        }
    }
}
