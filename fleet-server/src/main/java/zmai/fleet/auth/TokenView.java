package zmai.fleet.auth;

import java.time.Instant;

/** A token as the API lists it: everything but the hash. {@code id} is the public part of the token itself. */
public record TokenView(String id, String name, Role role, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        boolean revoked) {
}
