package zmai.fleet.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token taken from a request, on its way to {@link ApiTokenIdentityProvider}. */
public final class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    ApiTokenRequest(String token) {
        this.token = token;
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "ApiTokenRequest"; // never the token
    }
}
