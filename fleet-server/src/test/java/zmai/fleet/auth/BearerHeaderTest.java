package zmai.fleet.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BearerHeaderTest {

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenOneWord() {
        assertEquals(Optional.of("abc"), BearerAuthMechanism.bearerToken("Bearer abc"));
        assertEquals(Optional.of("abc"), BearerAuthMechanism.bearerToken("bearer   abc "));
        for (String header : new String[] {"", "Bearer", "Bearer ", "Bearerabc", "Basic YWJjOmRlZg==", "Bearer a b"}) {
            assertEquals(Optional.empty(), BearerAuthMechanism.bearerToken(header), header);
        }
    }

    @Test
    void onlyApiPathsAreGuarded() {
        assertTrue(BearerAuthMechanism.isApi("/api"));
        assertTrue(BearerAuthMechanism.isApi("/api/tokens"));
        assertFalse(BearerAuthMechanism.isApi("/apifoo"));
        assertFalse(BearerAuthMechanism.isApi("/q/health"));
    }
}
