package zmai.fleet.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a bearer token into an identity: the principal is the token's name, the roles are its role and every role
 * below it. The database lookup runs on a worker thread.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    /** Identity attributes, for code that wants more than the principal name. */
    public static final String ROLE_ATTRIBUTE = "zmai.fleet.role";
    public static final String TOKEN_ID_ATTRIBUTE = "zmai.fleet.token-id";

    @Inject
    ApiTokens tokens;

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            ApiTokens.Outcome outcome = tokens.authenticate(request.token());
            if (outcome instanceof ApiTokens.Accepted accepted) {
                return identity(accepted.caller());
            }
            throw new AuthenticationFailedException(((ApiTokens.Rejected) outcome).reason());
        });
    }

    private static SecurityIdentity identity(TokenCaller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.name()))
                .addRoles(caller.role().grantedRoles())
                .addAttribute(ROLE_ATTRIBUTE, caller.role())
                .addAttribute(TOKEN_ID_ATTRIBUTE, caller.id())
                .build();
    }
}
