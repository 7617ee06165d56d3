package zmai.fleet.firmware;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import zmai.core.firmware.RblHeader;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Uploading, checking, listing, downloading and deleting firmware images through the API. */
@QuarkusTest
class FirmwareRepositoryTest {

    private static final String ADMIN = "test-admin-token-0123456789abcdef";
    private static final String PROBLEM_JSON = "application/problem+json";

    /** Different bytes in every test, since tests share one database and equal images are duplicates. */
    private static byte[] firmware(int size) {
        byte[] bytes = new byte[size];
        ByteBuffer.wrap(bytes).putLong(System.nanoTime()).putLong(UUID.randomUUID().getMostSignificantBits());
        for (int i = 16; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static byte[] rbl(String version, byte[] firmware) {
        return RblHeader.buildFile(RblHeader.forPlainApplication(version, firmware, 1_760_000_000L), firmware);
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    private static io.restassured.response.Response upload(String token, String filename, byte[] bytes) {
        return as(token).contentType(ContentType.BINARY).queryParam("filename", filename).body(bytes)
                .post("/api/firmware");
    }

    private static String token(String role) {
        return as(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", role + "-" + UUID.randomUUID(), "role", role))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
    }

    @Test
    void aGoodOtaImageIsStoredWithItsVersionChipAndHash() {
        byte[] file = rbl("1.18.300", firmware(200_000));
        String sha256 = FirmwareCheck.sha256(file);

        String id = upload(ADMIN, "OpenBK7231N_1.18.300.rbl", file).then()
                .statusCode(201)
                .body("version", equalTo("1.18.300"))
                .body("chip", equalTo("BK7231N"))
                .body("kind", equalTo("ota"))
                .body("sha256", equalTo(sha256))
                .body("size", equalTo(file.length))
                .body("uploadedBy", equalTo("bootstrap-admin"))
                .body("rbl.packageSize", equalTo(200_000))
                .extract().path("id");
        assertThat(sha256).startsWith(id);

        as(ADMIN).get("/api/firmware/" + id).then().statusCode(200).body("sha256", equalTo(sha256));
        as(ADMIN).get("/api/firmware").then().statusCode(200).body("id", hasItem(id));
        byte[] downloaded = as(ADMIN).get("/api/firmware/" + id + "/content").then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .header("Content-Disposition", containsString("filename=\"OpenBK7231N_1.18.300.rbl\""))
                .extract().asByteArray();
        assertThat(downloaded).isEqualTo(file);
    }

    @Test
    void theSameBytesAgainAreADuplicateNamingTheStoredImage() {
        byte[] file = rbl("1.18.301", firmware(50_000));
        String id = upload(ADMIN, "OpenBK7231N_1.18.301.rbl", file).then().statusCode(201).extract().path("id");

        upload(ADMIN, "OpenBK7231N_1.18.301.rbl", file).then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString(id));
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] file = rbl("1.18.302", firmware(50_000));

        upload(ADMIN, "OpenBK7231N_1.18.302.rbl", Arrays.copyOf(file, file.length - 1000)).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("truncated"));
    }

    @Test
    void aFlippedPayloadByteFailsThePayloadCrc() {
        byte[] file = rbl("1.18.303", firmware(50_000));
        file[RblHeader.LENGTH + 1234] ^= 0x01;

        upload(ADMIN, "OpenBK7231N_1.18.303.rbl", file).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("payload CRC mismatch"));
    }

    @Test
    void aFileThatIsNotAnRblIsRefused() {
        upload(ADMIN, "OpenBK7231N_1.18.304.rbl", firmware(50_000)).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("not an RBL file"));
    }

    @Test
    void theHeaderVersionMustBeTheOneInTheName() {
        upload(ADMIN, "OpenBK7231N_1.18.305.rbl", rbl("1.18.299", firmware(50_000))).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("the header says version 1.18.299"));
    }

    @Test
    void anImageForAnotherChipFamilyIsRefused() {
        byte[] file = rbl("1.18.306", firmware(50_000));

        // a T image offered for the N fleet
        as(ADMIN).contentType(ContentType.BINARY).queryParam("filename", "OpenBK7231T_1.18.306.rbl")
                .queryParam("chip", "BK7231N").body(file).post("/api/firmware").then()
                .statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("is for BK7231T, not BK7231N"));
        upload(ADMIN, "OpenBL602_1.18.306.rbl", file).then()
                .statusCode(422)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("BK7231N and BK7231T only"));
    }

    @Test
    void aFileNameThatSaysNothingIsRefused() {
        upload(ADMIN, "firmware.bin", firmware(300_000)).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("not a firmware file name"));
        as(ADMIN).contentType(ContentType.BINARY).body(firmware(300_000)).post("/api/firmware").then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("'filename' query parameter is required"));
    }

    @Test
    void serialImagesAreStoredAfterASizeCheck() {
        upload(ADMIN, "OpenBK7231T_UA_1.18.307.bin", firmware(600_000)).then()
                .statusCode(201)
                .body("kind", equalTo("serial"))
                .body("chip", equalTo("BK7231T"))
                .body("version", equalTo("1.18.307"))
                .body("rbl", equalTo(null));
        // OpenBeken ships both a QIO (bootloader + application) and a UA (application) image for each family
        upload(ADMIN, "OpenBK7231T_QIO_1.18.307.bin", firmware(700_000)).then()
                .statusCode(201)
                .body("kind", equalTo("serial"))
                .body("chip", equalTo("BK7231T"));
        upload(ADMIN, "OpenBK7231N_UA_1.18.307.bin", firmware(650_000)).then()
                .statusCode(201)
                .body("chip", equalTo("BK7231N"));
        upload(ADMIN, "OpenBK7231N_QIO_1.18.307.bin", firmware(1000)).then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("truncated"));
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        upload(ADMIN, "OpenBK7231N_1.18.308.rbl", new byte[FirmwareResource.MAX_BODY + 1]).then()
                .statusCode(413)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void aViewerMayListAndDownloadButNotUploadOrDelete() {
        String id = upload(ADMIN, "OpenBK7231N_1.18.309.rbl", rbl("1.18.309", firmware(50_000))).then()
                .statusCode(201).extract().path("id");
        String viewer = token("viewer");

        upload(viewer, "OpenBK7231N_1.18.310.rbl", rbl("1.18.310", firmware(50_000))).then()
                .statusCode(403).contentType(PROBLEM_JSON);
        as(viewer).delete("/api/firmware/" + id).then().statusCode(403).contentType(PROBLEM_JSON);
        as(viewer).get("/api/firmware").then().statusCode(200);
        as(viewer).get("/api/firmware/" + id + "/content").then().statusCode(200);
        upload(token("operator"), "OpenBK7231N_1.18.310.rbl", rbl("1.18.310", firmware(50_000))).then()
                .statusCode(201);
    }

    @Test
    void aDeletedImageIsGone() {
        String id = upload(ADMIN, "OpenBK7231N_1.18.311.rbl", rbl("1.18.311", firmware(50_000))).then()
                .statusCode(201).extract().path("id");

        as(ADMIN).delete("/api/firmware/" + id).then().statusCode(204);
        as(ADMIN).get("/api/firmware/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
        as(ADMIN).get("/api/firmware/" + id + "/content").then().statusCode(404);
        as(ADMIN).delete("/api/firmware/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
    }
}
