package dev.jaxrsoauth;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.lang.System.Logger.Level;

/**
 * Authenticates one request: reads the bearer token, validates it and installs a {@link TokenSecurityContext}; does
 * nothing more when this request is already authenticated. Logs every refusal (never the token).
 */
final class Authenticator {

    private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());

    private final TokenValidator validator;
    private final BearerTokens tokens;

    Authenticator(TokenValidator validator, BearerTokens tokens) {
        this.validator = validator;
        this.tokens = tokens;
    }

    TokenValidator validator() {
        return validator;
    }

    /** @return the verified principal of this request */
    TokenPrincipal authenticate(ContainerRequestContext request) {
        if (request.getSecurityContext() instanceof TokenSecurityContext done) {
            return done.getUserPrincipal();
        }
        try {
            TokenPrincipal principal = validator.validate(tokens.read(request));
            if (principal == null) {
                throw new IllegalStateException("validator returned null");
            }
            request.setSecurityContext(new TokenSecurityContext(principal, request.getSecurityContext()));
            return principal;
        } catch (RuntimeException e) {
            throw logged(e);
        }
    }

    /** @return the exception to answer with, logged: a 500 at WARNING with its error id, the rest at DEBUG */
    static OAuthException logged(RuntimeException e) {
        if (e instanceof AuthorizationServerException server) {
            LOG.log(Level.WARNING, "500 server_error [error id " + server.errorId() + "]: " + server.detail(), server.getCause());
            return server;
        }
        if (e instanceof OAuthException refusal) {
            LOG.log(Level.DEBUG, () -> refusal.status() + " " + refusal.errorCode() + ": " + refusal.detail());
            return refusal;
        }
        // a validator that broke its contract (a custom one, or a bug): still fail closed, with the JSON 500
        AuthorizationServerException failure = new AuthorizationServerException("validator failed: " + e.getClass().getName(), e);
        LOG.log(Level.WARNING, "500 server_error [error id " + failure.errorId() + "]: " + failure.detail(), e);
        return failure;
    }
}
