package zmai.fleet.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

        Response refused = RestAssured.given().header("X-Forwarded-For", guesser)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .get("/api/whoami");
        assertEquals(1, refused.headers().getValues("Retry-After").size());
        assertTrue(Integer.parseInt(refused.header("Retry-After")) > 0);
        refused.then()
                .statusCode(429)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(429))
                .body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("too many failed authentications"));
        RestAssured.given().header("X-Forwarded-For", "127.0.0.78").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .get("/api/whoami").then().statusCode(200);
    }
}
