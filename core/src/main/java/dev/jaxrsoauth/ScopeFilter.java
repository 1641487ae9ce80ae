package dev.jaxrsoauth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** Requires every scope of one resource method; registered per method by {@link ScopeFeature} at deployment. */
final class ScopeFilter implements ContainerRequestFilter {

    private final Set<String> required;

    ScopeFilter(Set<String> required) {
        this.required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // fails closed: without the authentication filter's principal there is nothing to authorize
        if (!(request.getSecurityContext().getUserPrincipal() instanceof TokenPrincipal principal)) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING, "no token principal at authorization");
        }
        check(principal, required);
    }

    static void check(TokenPrincipal principal, Set<String> required) {
        if (!principal.scopes().containsAll(required)) {
            Set<String> missing = new LinkedHashSet<>(required);
            missing.removeAll(principal.scopes());
            throw new InsufficientScopeException(required, "missing scopes " + missing);
        }
    }

    Set<String> required() {
        return required;
    }
}
