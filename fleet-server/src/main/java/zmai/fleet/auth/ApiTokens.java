package zmai.fleet.auth;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The token store: checks presented tokens, issues, lists and revokes them. */
@ApplicationScoped
public class ApiTokens {

    /** The row holding the hash of FLEET_ADMIN_TOKEN; real public ids are 16 hex digits, so it cannot clash. */
    static final String BOOTSTRAP_ID = "bootstrap";
    static final String BOOTSTRAP_NAME = "bootstrap-admin";
    static final String GENERATED_ADMIN_NAME = "initial-admin";
    /** Names the server gives its own tokens; the API may not hand them out, or start-up could clash with them. */
    private static final Set<String> RESERVED_NAMES = Set.of(BOOTSTRAP_NAME, GENERATED_ADMIN_NAME);
    private static final int MAX_NAME_LENGTH = 100;
    /** last_used_at is written at most this often per token, so a busy client costs no write per request. */
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

    /** What checking a presented token came to. */
    sealed interface Outcome permits Accepted, Rejected {
    }

    record Accepted(TokenCaller caller) implements Outcome {
    }

    /** {@code reason} is meant for the caller and never holds any part of the token. */
    record Rejected(String reason) implements Outcome {
    }

    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<Long, Instant> lastUseWritten = new ConcurrentHashMap<>();

    @Transactional
    Outcome authenticate(String presented) {
        Instant now = clock.instant();
        Optional<TokenSecrets.Parsed> parsed = TokenSecrets.parse(presented);
        Optional<ApiToken> issued = parsed.flatMap(p -> ApiToken.byPublicId(p.publicId()));
        ApiToken row;
        String secret;
        if (issued.isPresent()) {
            row = issued.get();
            secret = parsed.get().secret();
        } else {
            // FLEET_ADMIN_TOKEN may be any string, so whatever is not an issued token is tried against it
            row = ApiToken.byPublicId(BOOTSTRAP_ID).orElse(null);
            secret = presented;
        }
        if (row == null || !TokenSecrets.matches(row.salt, row.secretHash, secret)) {
            return new Rejected("invalid token");
        }
        // only a caller who holds the secret learns why a real token no longer works
        if (row.revokedAt != null) {
            return new Rejected("token '" + row.name + "' has been revoked");
        }
        if (row.expiredAt(now)) {
            return new Rejected("token '" + row.name + "' expired at " + row.expiresAt);
        }
        noteUse(row, now);
        return new Accepted(new TokenCaller(row.publicId, row.name, row.roleValue()));
    }

    private void noteUse(ApiToken row, Instant now) {
        Instant written = lastUseWritten.get(row.pk);
        if (written != null && now.isBefore(written.plus(LAST_USE_RESOLUTION))) {
            return;
        }
        lastUseWritten.put(row.pk, now);
        row.lastUsedAt = now; // the row is managed: written when the transaction commits
    }

    /** Issues a token; {@code expiresAt} may be null for one that never expires. */
    @Transactional
    public IssuedToken issue(String name, Role role, Instant expiresAt) {
        String cleanName = checkName(name);
        if (RESERVED_NAMES.contains(cleanName)) {
            throw new IllegalArgumentException("the name '" + cleanName + "' is reserved for the server's own tokens");
        }
        return insert(cleanName, role, expiresAt);
    }

    IssuedToken insert(String name, Role role, Instant expiresAt) {
        if (ApiToken.count("name = ?1 and revokedAt is null", name) > 0) {
            throw new ClientErrorException("a token named '" + name + "' exists already; revoke it or pick another name",
                    Response.Status.CONFLICT);
        }
        TokenSecrets.Generated generated = TokenSecrets.generate();
        ApiToken row = new ApiToken();
        row.publicId = generated.publicId();
        row.name = name;
        row.role = role.wireName();
        row.salt = generated.salt();
        row.secretHash = generated.hash();
        row.createdAt = clock.instant();
        row.expiresAt = expiresAt;
        row.persist();
        return new IssuedToken(row.publicId, name, role, row.createdAt, expiresAt, generated.plain());
    }

    @Transactional
    public List<TokenView> list() {
        return ApiToken.<ApiToken>listAll(Sort.by("createdAt").and("pk")).stream().map(ApiToken::view).toList();
    }

    /** Revokes the token with this public id; revoking twice is harmless. Empty when there is no such token. */
    @Transactional
    public Optional<TokenView> revoke(String id) {
        Optional<ApiToken> row = ApiToken.byPublicId(id);
        row.filter(token -> token.revokedAt == null).ifPresent(token -> token.revokedAt = clock.instant());
        return row.map(ApiToken::view);
    }

    Instant now() {
        return clock.instant();
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a token needs a name: it is the caller in audit logs");
        }
        String clean = name.strip();
        if (clean.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a token name has at most " + MAX_NAME_LENGTH + " characters");
        }
        if (clean.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a token name may not contain control characters");
        }
        return clean;
    }
}
