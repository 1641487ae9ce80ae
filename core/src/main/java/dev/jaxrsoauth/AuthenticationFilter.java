package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

import java.lang.System.Logger.Level;
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
            String token = tokens.extract(request.getHeaders().get(HttpHeaders.AUTHORIZATION),
                    request.getUriInfo().getQueryParameters().get("access_token"));
            TokenPrincipal principal = validator.validate(token);
            request.setSecurityContext(new TokenSecurityContext(principal, request.getSecurityContext()));
            checkApplicationScopes(principal);
        } catch (AuthorizationServerException e) {
            LOG.log(Level.WARNING, "500 server_error [error id " + e.errorId() + "]: " + e.detail(), e.getCause());
            throw e;
        } catch (OAuthException e) {
            LOG.log(Level.DEBUG, () -> e.status() + " " + e.errorCode() + ": " + e.detail());
            throw e;
        }
    }

    private void checkApplicationScopes(TokenPrincipal principal) {
        Set<String> required = applicationScopes;
        if (required == null) {
            required = ApplicationScopes.of(application);
            applicationScopes = required;
        }
        if (!required.isEmpty() && !ApplicationScopes.ownDeclaration(resource)) {
            ScopeFilter.check(principal, required);
        }
    }
}
