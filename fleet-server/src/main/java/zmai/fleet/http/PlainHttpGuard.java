package zmai.fleet.http;

import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * With TLS configured, the plain HTTP port stays open for one reason: meters fetch firmware images over plain
 * HTTP (OpenBeken's OTA client has no TLS). Everything else asked over plain HTTP, the console and the API, is
 * sent to the HTTPS port instead, so a browser or script that forgot the s does not keep sending tokens in the clear.
 */
@ApplicationScoped
public class PlainHttpGuard {

    /** Served over plain HTTP even when TLS is on: firmware for the meters, and the probes of whoever runs us. */
    private static final List<String> PLAIN_ALLOWED = List.of("/ota/", "/q/health");

    private final boolean tls;
    private final Instance<HttpServer> server;

    PlainHttpGuard(@ConfigProperty(name = "quarkus.http.ssl.certificate.files") Optional<List<String>> certificates,
                   Instance<HttpServer> server) {
        this.tls = certificates.filter(files -> !files.isEmpty()).isPresent();
        this.server = server;
    }

    void register(@Observes Filters filters) {
        if (tls) {
            filters.register(this::filter, 1000);
        }
    }

    private void filter(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isSSL() || allowedInPlain(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String host = request.authority() == null ? "localhost" : request.authority().host();
        String query = request.query() == null ? "" : "?" + request.query();
        ctx.response().setStatusCode(308)
                .putHeader("Location", "https://" + hostForUrl(host) + ":" + server.get().getSecurePort()
                        + request.path() + query)
                .end("this server answers over HTTPS\n");
    }

    static boolean allowedInPlain(String path) {
        return path != null && PLAIN_ALLOWED.stream().anyMatch(path::startsWith);
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
