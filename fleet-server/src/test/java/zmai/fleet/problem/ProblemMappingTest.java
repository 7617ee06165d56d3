package zmai.fleet.problem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ProblemMappingTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static RequestSpecification viewer() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token-0123456789abcdef");
    }

    @Test
    void aNotFoundExceptionKeepsItsStatusAndMessage() {
        viewer().get("/api/test/problems/missing/abc").then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("no device 'abc'"));
    }

    @Test
    void otherWebApplicationExceptionsToo() {
        viewer().get("/api/test/problems/bad-request").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo("the query is unclear"));
        viewer().delete("/api/test/problems/bad-request").then()
                .statusCode(405)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(405));
    }

    @Test
    void anIllegalArgumentIsA400WithItsMessage() {
        viewer().get("/api/test/problems/illegal-argument").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(400))
                .body("detail", equalTo("limit must be positive"));
    }

    @Test
    void anythingElseIsA500ThatTellsNothing() {
        viewer().get("/api/test/problems/bug").then()
                .statusCode(500)
                .contentType(PROBLEM_JSON)
                .body("title", equalTo("Internal Server Error"))
                .body("detail", not(containsString("secret")));
    }

    @Test
    void malformedJsonIsA400() {
        viewer().contentType(ContentType.JSON).body("{\"count\": 1,").post("/api/test/problems/body").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", startsWith("request body is not valid JSON"));
        viewer().contentType(ContentType.JSON).body("{\"count\": \"many\"}").post("/api/test/problems/body").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("invalid value for 'count': 'many'"));
        viewer().contentType(ContentType.JSON).body("{\"count\": 2}").post("/api/test/problems/body").then()
                .statusCode(200)
                .body(equalTo("ok 2"));
    }
}
