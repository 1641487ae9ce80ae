package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;

/**
 * Authenticates requests to {@link Secured} resources: reads the bearer token, validates it and installs a
 * {@link TokenSecurityContext}. Registered at {@link Priorities#AUTHENTICATION}, before any authorization filter;
 * name-bound by {@link Secured}.
 */
@Secured
final class AuthenticationFilter implements ContainerRequestFilter {

    private static final System.Logger LOG = System.getLogger(AuthenticationFilter.class.getName());

    private final TokenValidator validator;
    private final BearerTokens tokens;
    private volatile Set<String> applicationScopes;

    @Context
    private Application application;
    @Context
    private ResourceInfo resource;

    AuthenticationFilter(TokenValidator validator, BearerTokens tokens) {
        this.validator = validator;
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            // the raw list: getHeaderString would join two Authorization headers with a comma
            String token = tokens.extract(request.getHeaders().get(HttpHeaders.AUTHORIZATION), queryTokens(request));
            TokenPrincipal principal = validator.validate(token);
            request.setSecurityContext(new TokenSecurityContext(principal, request.getSecurityContext()));
            checkApplicationScopes(principal);
        } catch (AuthorizationServerException e) {
            LOG.log(Level.WARNING, "500 server_error [error id " + e.errorId() + "]: " + e.detail(), e.getCause());
            throw e;
        } catch (OAuthException e) {
            LOG.log(Level.DEBUG, () -> e.status() + " " + e.errorCode() + ": " + e.detail());
            throw e;
        } catch (RuntimeException e) {
            // a validator that broke its contract (a custom one, or a bug): still fail closed, with the JSON 500
            AuthorizationServerException failure = new AuthorizationServerException("validator failed: " + e.getClass().getName(), e);
            LOG.log(Level.WARNING, "500 server_error [error id " + failure.errorId() + "]: " + failure.detail(), e);
            throw failure;
        }
    }

    /** Decodes the query only when it names {@code access_token}: a malformed query elsewhere is not our business. */
    private static List<String> queryTokens(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawQuery();
        if (raw == null || !raw.contains("access_token")) {
            return null;
        }
        try {
            return request.getUriInfo().getQueryParameters().get("access_token");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(InvalidRequestException.MALFORMED_QUERY, "query string cannot be decoded");
        }
    }

    private void checkApplicationScopes(TokenPrincipal principal) {
        Set<String> required = applicationScopes;
        if (required == null) {
            required = ApplicationScopes.of(application);
            applicationScopes = required;
        }
        if (required != null && required.isEmpty()) {
            return;
        }
        if (resource != null && ApplicationScopes.ownDeclaration(resource)) {
            return;
        }
        if (required == null) {
            // protected by the Application's @Secured, whose scopes this runtime gave us no way to read: fail closed
            throw new AuthorizationServerException("no @Context Application injected: the Application's @Secured scopes cannot be read", null);
        }
        ScopeFilter.check(principal, required);
    }
}
