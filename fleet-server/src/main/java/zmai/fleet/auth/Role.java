package zmai.fleet.auth;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a token may do. Roles are ordered: each grants the names of itself and of every role below it, so resources
 * only ever say the least role they need ({@code @RolesAllowed("operator")} admits admins too).
 */
public enum Role {
    /** Reads. */
    VIEWER,
    /** Reads, plus everything that changes devices: relay, commands, rollouts. */
    OPERATOR,
    /** Everything, token management included. */
    ADMIN;

    /** The name used in {@code @RolesAllowed}, in JSON and in the database. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role names an identity with this role holds. */
    public Set<String> grantedRoles() {
        return Arrays.stream(values())
                .filter(role -> role.ordinal() <= ordinal())
                .map(Role::wireName)
                .collect(Collectors.toUnmodifiableSet());
    }

    public static Role parse(String wireName) {
        for (Role role : values()) {
            if (role.wireName().equals(wireName)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of viewer, operator, admin, not '" + wireName + "'");
    }
}
