package zmai.fleet.auth;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

/** Calls the API the way a client would, with the admin token from the test profile's fleet.admin-token. */
final class ApiClient {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final String PROBLEM_JSON = "application/problem+json";

    private ApiClient() {
    }

    static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    static RequestSpecification asAdmin() {
        return as(ADMIN_TOKEN);
    }

    /** A unique name, since live token names must be unique and tests share one database. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Creates a token through the API and returns its plain text. */
    static String createToken(String role) {
        return asAdmin().contentType(ContentType.JSON)
                .body(Map.of("name", uniqueName(role), "role", role))
                .post("/api/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
