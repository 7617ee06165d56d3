package zmai.fleet.embedded;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The embedded broker's only extension: with credentials it admits the one configured user, without them
 * (loopback only) everyone. Registered either way, so admission never depends on HiveMQ's default.
 */
final class BrokerAuthentication implements ExtensionMain {

    private final Optional<BrokerCredentials> credentials;

    BrokerAuthentication(Optional<BrokerCredentials> credentials) {
        this.credentials = credentials;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = this::onConnect;
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the registration with the extension
    }

    void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        if (credentials.isEmpty()) {
            output.authenticateSuccessfully();
            return;
        }
        String user = input.getConnectPacket().getUserName().orElse(null);
        byte[] password = input.getConnectPacket().getPassword().map(BrokerAuthentication::bytes).orElse(null);
        if (credentials.get().matches(user, password)) {
            output.authenticateSuccessfully();
        } else {
            output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
