package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns checked claims into the {@link TokenPrincipal}: scopes from the scope claims (a space-separated string or an
 * array of strings; any other type refuses the token), roles from every role claim path (strings and arrays of
 * strings; anything else grants no role, which fails closed).
 */
final class PrincipalMapping {

    private final List<String> scopeClaims;
    private final List<ClaimPath> roleClaims;

    PrincipalMapping(List<String> scopeClaims, List<ClaimPath> roleClaims) {
        this.scopeClaims = List.copyOf(scopeClaims);
        this.roleClaims = List.copyOf(roleClaims);
    }

    TokenPrincipal principal(Map<String, ?> claims) {
        return TokenPrincipal.builder(claims).scopes(scopes(claims)).roles(roles(claims)).build();
    }

    Set<String> scopes(Map<String, ?> claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : scopeClaims) {
            Object value = claims.get(name);
            if (value == null) {
                continue;
            }
            if (value instanceof String s) {
                for (String scope : s.split(" ")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
            } else if (value instanceof Collection<?> list && list.stream().allMatch(String.class::isInstance)) {
                list.forEach(scope -> scopes.add((String) scope));
            } else {
                throw new InvalidTokenException(Reason.CLAIMS, name + " is neither a string nor an array of strings");
            }
        }
        return scopes;
    }

    Set<String> roles(Map<String, ?> claims) {
        Set<String> roles = new LinkedHashSet<>();
        for (ClaimPath path : roleClaims) {
            Object value = path.resolve(claims);
            if (value instanceof String s) {
                roles.add(s);
            } else if (value instanceof Collection<?> list) {
                list.stream().filter(String.class::isInstance).forEach(role -> roles.add((String) role));
            }
        }
        return roles;
    }
}
