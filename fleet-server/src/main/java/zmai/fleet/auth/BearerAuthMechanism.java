package zmai.fleet.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>} on {@code /api} requests. Elsewhere (health, metrics, OpenAPI) it
 * never looks, so a stray header cannot break those. Failed attempts are counted per client address.
 */
@ApplicationScoped
public class BearerAuthMechanism implements HttpAuthenticationMechanism {

    /** Set on the failure that refuses a client for too many failures; the challenge and the mapper answer 429. */
    static final String RETRY_AFTER_ATTRIBUTE = "zmai.fleet.retry-after-seconds";
    /** The RFC 6750 error code of a failure: the header was malformed, or the token is no good. */
    private static final String BEARER_ERROR_ATTRIBUTE = "zmai.fleet.bearer-error";
    static final String CHALLENGE = "Bearer realm=\"zmai-fleet\"";
    private static final String SCHEME = "bearer";

    @Inject
    AuthFailureLimiter limiter;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!isApi(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        String client = clientAddress(context);
        Optional<Duration> blocked = limiter.blockedFor(client);
        if (blocked.isPresent()) {
            long seconds = Math.max(1, blocked.get().toSeconds());
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "too many failed authentications from this address; try again in " + seconds + " s",
                    Map.of(RETRY_AFTER_ATTRIBUTE, seconds)));
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem(); // anonymous; the permission check answers 401
        }
        Optional<String> token = bearerToken(header);
        if (token.isEmpty()) {
            limiter.recordFailure(client);
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "malformed Authorization header: expected 'Bearer <token>'",
                    Map.of(BEARER_ERROR_ATTRIBUTE, "invalid_request")));
        }
        AuthenticationRequest request = HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(token.get()), context);
        return identityProviderManager.authenticate(request)
                .onFailure(AuthenticationFailedException.class).invoke(failure -> limiter.recordFailure(client));
    }

    static boolean isApi(String path) {
        return path != null && (path.equals("/api") || path.startsWith("/api/"));
    }

    /** The token of a well-formed bearer header: the scheme is case-insensitive, the token one non-blank word. */
    static Optional<String> bearerToken(String header) {
        String trimmed = header.strip();
        if (trimmed.length() <= SCHEME.length() || !trimmed.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !Character.isWhitespace(trimmed.charAt(SCHEME.length()))) {
            return Optional.empty();
        }
        String token = trimmed.substring(SCHEME.length()).strip();
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    private static String clientAddress(RoutingContext context) {
        SocketAddress address = context.request().remoteAddress();
        return address == null || address.host() == null ? "unknown" : address.host();
    }

    /**
     * The status and headers of a refusal; the exception mappers then only add the problem body. A failed token
     * gets an RFC 6750 error code, a blocked client a 429 with Retry-After instead of a challenge.
     */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        AuthenticationFailedException failure = HttpSecurityUtils.getAuthenticationFailureFromEvent(context);
        if (failure == null) {
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
        }
        Object retryAfter = failure.getAttribute(RETRY_AFTER_ATTRIBUTE);
        if (retryAfter != null) {
            return Uni.createFrom().item(new ChallengeData(429, "Retry-After", retryAfter.toString()));
        }
        Object error = failure.getAttribute(BEARER_ERROR_ATTRIBUTE);
        String challenge = CHALLENGE + ", error=\"" + (error == null ? "invalid_token" : error) + "\"";
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", challenge));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }
}
