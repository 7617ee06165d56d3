package zmai.fleet.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/** A row of {@code api_token}; see V2__api_tokens.sql. Only {@link ApiTokens} touches it. */
@Entity
@Table(name = "api_token")
class ApiToken extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;

    @Column(name = "public_id")
    public String publicId;

    public String name;

    public String role;

    public byte[] salt;

    @Column(name = "secret_hash")
    public byte[] secretHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    static Optional<ApiToken> byPublicId(String publicId) {
        return find("publicId", publicId).firstResultOptional();
    }

    Role roleValue() {
        return Role.parse(role);
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    TokenView view() {
        return new TokenView(publicId, name, roleValue(), createdAt, expiresAt, lastUsedAt, revokedAt != null);
    }
}
