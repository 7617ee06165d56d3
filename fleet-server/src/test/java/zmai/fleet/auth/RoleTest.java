package zmai.fleet.auth;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoleTest {

    @Test
    void eachRoleHoldsItselfAndEveryRoleBelow() {
        assertEquals(Set.of("viewer"), Role.VIEWER.grantedRoles());
        assertEquals(Set.of("viewer", "operator"), Role.OPERATOR.grantedRoles());
        assertEquals(Set.of("viewer", "operator", "admin"), Role.ADMIN.grantedRoles());
    }

    @Test
    void wireNamesParseAndNothingElseDoes() {
        for (Role role : Role.values()) {
            assertEquals(role, Role.parse(role.wireName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("ADMIN"));
        assertEquals("role must be one of viewer, operator, admin, not 'ADMIN'", e.getMessage());
    }
}
