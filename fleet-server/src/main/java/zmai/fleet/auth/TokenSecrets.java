package zmai.fleet.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The token format {@code zf_<publicId>_<secret>} and the salted hash kept in its place. The secret has 256 random
 * bits, so one round of SHA-256 is enough: there is nothing to guess that a slow hash would protect.
 */
final class TokenSecrets {

    static final String PREFIX = "zf_";
    private static final int PUBLIC_ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token as presented, split into the part that finds the row and the part that proves possession. */
    record Parsed(String publicId, String secret) {
        @Override
        public String toString() {
            return "Parsed[publicId=" + publicId + "]"; // the secret never reaches a log by accident
        }
    }

    /** A freshly generated token: the plain text to show once, and what to store. */
    record Generated(String publicId, String plain, byte[] salt, byte[] hash) {
        @Override
        public String toString() {
            return "Generated[publicId=" + publicId + "]";
        }
    }

    private TokenSecrets() {
    }

    static Generated generate() {
        String publicId = HexFormat.of().formatHex(randomBytes(PUBLIC_ID_BYTES));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(SECRET_BYTES));
        byte[] salt = newSalt();
        return new Generated(publicId, PREFIX + publicId + "_" + secret, salt, hash(salt, secret));
    }

    /** The public id is hex, so the first {@code _} after the prefix ends it; the secret may contain {@code _}. */
    static Optional<Parsed> parse(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = token.indexOf('_', PREFIX.length());
        if (end != PREFIX.length() + 2 * PUBLIC_ID_BYTES || end == token.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(token.substring(PREFIX.length(), end), token.substring(end + 1)));
    }

    static byte[] newSalt() {
        return randomBytes(SALT_BYTES);
    }

    static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Constant time, so response timing tells nothing about how much of a guess was right. */
    static boolean matches(byte[] salt, byte[] expectedHash, String secret) {
        return MessageDigest.isEqual(expectedHash, hash(salt, secret));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
