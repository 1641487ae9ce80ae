package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads each resource method's required scopes once, at deployment, and registers a {@link ScopeFilter} for those
 * that require any (at {@link Priorities#AUTHORIZATION}), so no request pays for reflection.
 */
final class ScopeFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Set<String> scopes = requiredScopes(resource);
        if (!scopes.isEmpty()) {
            context.register(new ScopeFilter(scopes), Priorities.AUTHORIZATION);
        }
    }

    static Set<String> requiredScopes(ResourceInfo resource) {
        // the method's annotation replaces the class's
        Secured secured = resource.getResourceMethod().getAnnotation(Secured.class);
        if (secured == null) {
            secured = resource.getResourceClass().getAnnotation(Secured.class);
        }
        return secured == null ? Set.of() : validated(secured.scopes());
    }

    /** Scope tokens are NQSCHAR runs (RFC 6749 §3.3): they go into a quoted challenge parameter unescaped. */
    static Set<String> validated(String[] scopes) {
        for (String scope : scopes) {
            if (scope.isEmpty() || !scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                throw new IllegalArgumentException("@Secured scope is not a valid scope token: \"" + scope + "\"");
            }
        }
        return new LinkedHashSet<>(List.of(scopes));
    }
}
