package zmai.fleet.auth;

import java.time.Instant;

/** The answer to creating a token: the only time its plain text is ever shown. */
public record IssuedToken(String id, String name, Role role, Instant createdAt, Instant expiresAt, String token) {

    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", name=" + name + ", role=" + role + "]";
    }
}
