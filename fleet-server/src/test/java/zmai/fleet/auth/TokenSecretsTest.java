package zmai.fleet.auth;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenSecretsTest {

    @Test
    void aGeneratedTokenParsesBackAndMatchesItsHash() {
        TokenSecrets.Generated generated = TokenSecrets.generate();

        TokenSecrets.Parsed parsed = TokenSecrets.parse(generated.plain()).orElseThrow();

        assertEquals(generated.publicId(), parsed.publicId());
        assertTrue(TokenSecrets.matches(generated.salt(), generated.hash(), parsed.secret()));
        assertFalse(TokenSecrets.matches(generated.salt(), generated.hash(), parsed.secret() + "x"));
    }

    @Test
    void aSecretMayContainUnderscores() {
        Optional<TokenSecrets.Parsed> parsed = TokenSecrets.parse("zf_0123456789abcdef_a_b-c_");

        assertEquals(Optional.of(new TokenSecrets.Parsed("0123456789abcdef", "a_b-c_")), parsed);
    }

    @Test
    void anythingElseIsNotAnIssuedToken() {
        for (String token : new String[] {"", "zf_", "zf_0123_secret", "xx_0123456789abcdef_secret",
                "zf_0123456789abcdef_", "test-admin-token-0123456789abcdef"}) {
            assertEquals(Optional.empty(), TokenSecrets.parse(token), token);
        }
    }

    @Test
    void theSaltMakesEqualSecretsHashDifferently() {
        byte[] salt = TokenSecrets.newSalt();

        assertArrayEquals(TokenSecrets.hash(salt, "secret"), TokenSecrets.hash(salt, "secret"));
        assertFalse(Arrays.equals(TokenSecrets.hash(salt, "secret"), TokenSecrets.hash(TokenSecrets.newSalt(), "secret")));
    }

    @Test
    void toStringNeverShowsTheSecret() {
        TokenSecrets.Generated generated = TokenSecrets.generate();
        String secret = TokenSecrets.parse(generated.plain()).orElseThrow().secret();

        assertFalse(generated.toString().contains(secret));
        assertFalse(TokenSecrets.parse(generated.plain()).orElseThrow().toString().contains(secret));
    }
}
