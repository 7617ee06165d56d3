package zmai.fleet.ota;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The fallback for a meter that never fetches its image: the image goes to the meter's own {@code POST /api/ota}
 * (which stores it and does not reboot), then {@code POST /api/reboot} boots it (spec §2.1), as OpenBeken's own
 * OTA page does.
 */
@ApplicationScoped
public class ImagePush {

    /** Writing a megabyte into the OTA partition over weak Wi-Fi takes a while. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** Completes with the meter's answers, or exceptionally with what went wrong. */
    CompletableFuture<String> push(URI device, byte[] image) {
        return post(device, "/api/ota", HttpRequest.BodyPublishers.ofByteArray(image))
                .thenCompose(stored -> post(device, "/api/reboot", HttpRequest.BodyPublishers.noBody())
                        .thenApply(reboot -> "the meter stored it (" + stored + ") and reboots (" + reboot + ")"));
    }

    private CompletableFuture<String> post(URI device, String path, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(device + path)).timeout(TRANSFER_TIMEOUT)
                .header("Content-Type", "application/octet-stream").POST(body).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            String answer = response.body();
            return answer.length() > 200 ? answer.substring(0, 200) : answer;
        });
    }
}
