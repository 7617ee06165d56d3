package zmai.fleet.auth;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import zmai.fleet.auth.ApiEndpoints.AnyToken;
import zmai.fleet.auth.ApiEndpoints.AtLeast;
import zmai.fleet.auth.ApiEndpoints.Endpoint;
import zmai.fleet.auth.ApiEndpoints.Unstated;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static zmai.fleet.auth.ApiClient.ADMIN_TOKEN;
import static zmai.fleet.auth.ApiClient.createToken;

/**
 * Every endpoint under /api, called without a token and with a viewer, an operator and an admin token: the caller
 * is refused (401 without a token, 403 below the role) exactly when the endpoint's @RolesAllowed says so. The
 * requests name things that do not exist and carry empty bodies, so nothing is changed; only whether the call got
 * past the security check is looked at.
 */
@QuarkusTest
class RoleMatrixTest {

    /** A path parameter no test ever creates. */
    private static final String MISSING_ID = "no-such-thing-7f3a";
    private static final String MISSING_NUMBER = "987654321";
    private static final Set<String> CHANGING_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    @TestHTTPResource("/")
    URL base;

    private static Map<String, String> callers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Once per class, but after Quarkus has pointed RestAssured at the test server. */
    @BeforeEach
    void tokens() {
        if (callers != null) {
            return;
        }
        callers = new LinkedHashMap<>();
        callers.put("no token", null);
        callers.put("viewer", createToken("viewer"));
        callers.put("operator", createToken("operator"));
        callers.put("admin", ADMIN_TOKEN);
    }

    @Test
    void everyEndpointStatesTheLeastRoleItNeeds() {
        List<String> unstated = ApiEndpoints.all().stream()
                .filter(e -> e.access() instanceof Unstated)
                .map(e -> e.key() + " (" + e.javaMethod() + ": " + ((Unstated) e.access()).found() + ")")
                .toList();
        assertEquals(List.of(), unstated, "endpoints without @RolesAllowed or @Authenticated");
    }

    /** The reflection must see what the server serves, or the matrix below would silently skip endpoints. */
    @Test
    void theReflectedEndpointsAreExactlyThoseTheServerDocuments() {
        Set<String> reflected = new TreeSet<>();
        ApiEndpoints.all().forEach(e -> reflected.add(e.key()));
        assertEquals(documentedApiOperations(), reflected);
        assertTrue(reflected.contains("GET /api/devices/{id}"), reflected.toString());
    }

    @Test
    void eachRoleIsAdmittedExactlyWhereItsAnnotationSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<Endpoint> endpoints = ApiEndpoints.all();
        for (Endpoint endpoint : endpoints) {
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int status = call(endpoint, caller.getValue());
                int expected = expectedRefusal(endpoint, caller.getKey());
                boolean ok = expected == 0 ? status != 401 && status != 403 : status == expected;
                if (!ok) {
                    wrong.add(endpoint.key() + " as " + caller.getKey() + ": got " + status + ", expected "
                            + (expected == 0 ? "neither 401 nor 403" : expected));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(endpoints.size() > 30, "only " + endpoints.size() + " endpoints found");
    }

    @Test
    void theAuditLogCannotBeChangedThroughTheApi() throws Exception {
        List<String> changing = ApiEndpoints.all().stream()
                .filter(e -> e.template().startsWith("/api/audit") && CHANGING_METHODS.contains(e.method()))
                .map(Endpoint::key)
                .toList();
        assertEquals(List.of(), changing);
        for (String method : CHANGING_METHODS) {
            for (String path : List.of("/api/audit", "/api/audit/1")) {
                int status = send(method, path, Optional.of("application/json"), ADMIN_TOKEN);
                assertTrue(status == 404 || status == 405, method + " " + path + " answered " + status);
            }
        }
    }

    /** 0 when the caller must get past the security check. */
    private static int expectedRefusal(Endpoint endpoint, String caller) {
        if (caller.equals("no token")) {
            return 401;
        }
        if (endpoint.access() instanceof AnyToken) {
            return 0;
        }
        Role needed = ((AtLeast) endpoint.access()).role();
        return Role.parse(caller).compareTo(needed) < 0 ? 403 : 0;
    }

    private int call(Endpoint endpoint, String token) throws IOException, InterruptedException {
        Matcher params = Pattern.compile("\\{(\\w+)}").matcher(endpoint.template());
        String path = params.replaceAll(m -> endpoint.numericParams().contains(m.group(1)) ? MISSING_NUMBER : MISSING_ID);
        return send(endpoint.method(), path, endpoint.consumes(), token);
    }

    /** Only the status is read; a stream (the live feed) is closed as soon as it answers. */
    private int send(String method, String path, Optional<String> contentType, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(20));
        boolean json = contentType.map(t -> t.contains("json") && !t.contains("ndjson")).orElse(false);
        HttpRequest.BodyPublisher body = CHANGING_METHODS.contains(method) && json
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
        request.method(method, body);
        contentType.ifPresent(t -> request.header("Content-Type", t));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    /** "METHOD /path" of every operation under /api in the server's OpenAPI document. */
    private static Set<String> documentedApiOperations() {
        Map<String, Map<String, Object>> paths = RestAssured.given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, operationsOfPath) -> {
            if (path.equals("/api") || path.startsWith("/api/")) {
                operationsOfPath.keySet().stream()
                        .filter(key -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(key))
                        .forEach(key -> operations.add(key.toUpperCase() + " " + path));
            }
        });
        return operations;
    }
}
