package zmai.fleet.ota;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import zmai.fleet.config.FleetConfig;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The URLs devices fetch images from: {@code <base>/ota/<rollout secret>/<device id>/<file name>}. The secret keeps
 * the URL unguessable; the device id tells the image server whose download it is watching; the file name is the
 * release name OpenBeken's own OTA page expects.
 */
@ApplicationScoped
public class ImageUrls {

    static final String PREFIX = "/ota/";
    private static final Logger LOG = Logger.getLogger(ImageUrls.class);

    private final Optional<URI> configured;
    private final String host;
    private final Instance<HttpServer> server;

    ImageUrls(FleetConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
              Instance<HttpServer> server) {
        this.configured = config.ota().imageBaseUrl();
        this.host = host;
        this.server = server;
    }

    void warnWhenGuessing(@Observes StartupEvent start) {
        if (configured.isEmpty() && isWildcard()) {
            LOG.warnf("fleet.ota.image-base-url is not set: devices will be told to fetch firmware from this"
                    + " machine's loopback address, which only virtual meters on this machine can reach; set it (environment"
                    + " FLEET_OTA_IMAGE_BASE_URL) to an http:// address of this server on the meters' network");
        }
    }

    /** Whether {@link #base()} can answer: the URL is configured, or the HTTP server is listening. */
    boolean known() {
        return configured.isPresent() || server.get().getPort() > 0;
    }

    public URI base() {
        return configured.orElseGet(() -> {
            int port = server.get().getPort();
            if (port <= 0) {
                throw new IllegalStateException("the HTTP server is not listening yet, so its image URL is unknown");
            }
            return URI.create("http://" + (isWildcard() ? "127.0.0.1" : host) + ":" + port);
        });
    }

    URI forDevice(RolloutRow rollout, String deviceId) {
        String base = base().toString().replaceAll("/+$", "");
        return URI.create(base + PREFIX + rollout.urlToken() + "/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8)
                + "/" + URLEncoder.encode(rollout.filename(), StandardCharsets.UTF_8));
    }

    private boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
