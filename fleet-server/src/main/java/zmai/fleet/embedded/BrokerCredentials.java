package zmai.fleet.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** The one user the embedded broker accepts when it listens beyond loopback. */
public record BrokerCredentials(String username, String password) {

    public BrokerCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Constant-time, so a client cannot learn the password byte by byte from response times. */
    public boolean matches(String user, byte[] pass) {
        boolean userOk = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                user == null ? new byte[0] : user.getBytes(StandardCharsets.UTF_8));
        boolean passOk = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                pass == null ? new byte[0] : pass);
        return userOk & passOk;
    }

    @Override
    public String toString() {
        return "BrokerCredentials[username=" + username + ", password=***]";
    }
}
