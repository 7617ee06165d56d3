package zmai.fleet.auth;

import org.eclipse.microprofile.config.ConfigProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import zmai.fleet.config.FleetConfig;

import java.util.Optional;

/**
 * Makes sure someone can administer the server: the token in {@code fleet.admin-token} (FLEET_ADMIN_TOKEN) is
 * registered as {@code bootstrap-admin}, replacing the previous value's hash when it changed; without it, an admin
 * token is generated and printed once whenever no usable admin token exists (the first start, in practice).
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    /** Serialises the check-then-insert between server instances starting together on one database. */
    private static final long ADVISORY_LOCK = 0x7a665f61646d696eL;
    private static final int SHORT_TOKEN = 24;

    @Inject
    FleetConfig config;

    @Inject
    ApiTokens tokens;

    void onStart(@Observes StartupEvent event) {
        ensure(config.adminToken()).ifPresent(AdminBootstrap::announce);
    }

    /** Returns the plain text of an admin token generated now, if one was; nothing else ever sees it. */
    @Transactional
    Optional<String> ensure(Optional<String> configured) {
        ApiToken.getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)")
                .setParameter(1, ADVISORY_LOCK)
                .getSingleResult();
        Optional<ApiToken> bootstrap = ApiToken.byPublicId(ApiTokens.BOOTSTRAP_ID);
        Optional<String> value = configured.map(String::strip).filter(v -> !v.isEmpty());
        if (value.isPresent()) {
            register(value.get(), bootstrap);
            return Optional.empty();
        }
        if (bootstrap.isPresent()) {
            bootstrap.get().delete();
            ApiToken.flush();
            LOG.info("fleet.admin-token is no longer set, so the token 'bootstrap-admin' it defined no longer works");
        }
        if (ApiToken.count("role = 'admin' and revokedAt is null and (expiresAt is null or expiresAt > ?1)",
                tokens.now()) > 0) {
            return Optional.empty();
        }
        // an expired generated token still holds the name; it is of no use to anyone
        ApiToken.update("revokedAt = ?1 where name = ?2 and revokedAt is null",
                tokens.now(), ApiTokens.GENERATED_ADMIN_NAME);
        return Optional.of(tokens.insert(ApiTokens.GENERATED_ADMIN_NAME, Role.ADMIN, null).token());
    }

    private void register(String value, Optional<ApiToken> existing) {
        if (value.length() < SHORT_TOKEN) {
            LOG.warnf("fleet.admin-token has only %d characters; use at least %d random ones", value.length(), SHORT_TOKEN);
        }
        if (existing.isEmpty()) {
            ApiToken row = new ApiToken();
            row.publicId = ApiTokens.BOOTSTRAP_ID;
            row.name = ApiTokens.BOOTSTRAP_NAME;
            row.role = Role.ADMIN.wireName();
            store(row, value);
            row.persist();
            LOG.info("The admin token from fleet.admin-token is registered as 'bootstrap-admin'");
            return;
        }
        ApiToken row = existing.get();
        if (!TokenSecrets.matches(row.salt, row.secretHash, value)) {
            store(row, value);
            LOG.info("fleet.admin-token changed: 'bootstrap-admin' now answers to the new value only");
        } else if (row.revokedAt != null) {
            LOG.warn("The token in fleet.admin-token has been revoked; set a new value to get a working admin token");
        }
    }

    private void store(ApiToken row, String value) {
        row.salt = TokenSecrets.newSalt();
        row.secretHash = TokenSecrets.hash(row.salt, value);
        row.createdAt = tokens.now();
        row.expiresAt = null;
        row.lastUsedAt = null;
        row.revokedAt = null;
    }

    private static void announce(String token) {
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        LOG.warnf("%n%n    No admin token existed, so one was generated. It is shown this once only; store it now:%n%n"
                + "    %s%n%n    Sign in with it to the web console at http://localhost:%d/ (this server), or send it"
                + " as 'Authorization: Bearer <token>';%n    POST /api/tokens creates more tokens.%n", token, port);
    }
}
