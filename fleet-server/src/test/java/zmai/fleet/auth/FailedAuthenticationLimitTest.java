package zmai.fleet.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static zmai.fleet.auth.ApiClient.ADMIN_TOKEN;
import static zmai.fleet.auth.ApiClient.PROBLEM_JSON;

/**
 * The test profile trusts X-Forwarded-For, so this test guesses from an address of its own and the other tests'
 * address (the real one) is never blocked.
 */
@QuarkusTest
class FailedAuthenticationLimitTest {

    @Test
    void anAddressThatFailsTooOftenIsRefusedForAWhile() {
        String guesser = "127.0.0.77";
        for (int i = 0; i < AuthFailureLimiter.MAX_FAILURES; i++) {
            RestAssured.given().header("X-Forwarded-For", guesser).header("Authorization", "Bearer guess-" + i)
                    .get("/api/whoami").then().statusCode(401);
        }

        RestAssured.given().header("X-Forwarded-For", guesser).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .get("/api/whoami").then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("too many failed authentications"));
        RestAssured.given().header("X-Forwarded-For", "127.0.0.78").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .get("/api/whoami").then().statusCode(200);
    }
}
