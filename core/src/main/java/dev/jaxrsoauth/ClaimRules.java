package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claim checks jjwt does not make (RFC 9068 §4, RFC 7519 §4.1) and the reading of scopes and roles.
 * Runs after the signature has been verified.
 */
final class ClaimRules {

    private final String issuer;
    private final Set<String> audiences;
    private final Clock clock;
    private final Duration clockSkew;
    private final List<String> scopeClaims;
    private final String[] rolePath;

    ClaimRules(String issuer, Set<String> audiences, Clock clock, Duration clockSkew, List<String> scopeClaims, String rolePath) {
        this.issuer = issuer;
        this.audiences = audiences;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.scopeClaims = scopeClaims;
        this.rolePath = rolePath == null ? null : rolePath.split("\\.");
    }

    TokenPrincipal principal(Map<String, ?> claims) {
        if (!claims.containsKey("exp")) {
            throw new InvalidTokenException(Reason.CLAIMS, "exp missing");
        }
        // the raw JSON types were checked while reading; this guards what jjwt converted them to
        for (String name : List.of("exp", "nbf", "iat")) {
            if (claims.containsKey(name) && !(claims.get(name) instanceof Number)) {
                throw new InvalidTokenException(Reason.CLAIMS, name + " is not a NumericDate");
            }
        }
        long now = clock.instant().getEpochSecond();
        if (claims.get("iat") instanceof Number iat && iat.longValue() > now + clockSkew.getSeconds()) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID, "iat is in the future");
        }
        if (!issuer.equals(claims.get("iss"))) {
            throw new InvalidTokenException(Reason.ISSUER, "iss is not the configured issuer");
        }
        if (!audiences.isEmpty() && !namesAny(audiences, claims.get("aud"))) {
            throw new InvalidTokenException(Reason.AUDIENCE, "aud names no accepted audience");
        }
        // a sender-constrained token (RFC 7800, RFC 8705, RFC 9449) must not be accepted as a plain bearer token
        if (claims.containsKey("cnf")) {
            throw new InvalidTokenException(Reason.CLAIMS, "cnf present on a bearer token");
        }
        return TokenPrincipal.builder(claims).scopes(scopes(claims)).roles(roles(claims)).build();
    }

    /** @return whether {@code aud} (a string or an array, RFC 7519 §4.1.3) names one of the accepted audiences */
    static boolean namesAny(Set<String> audiences, Object aud) {
        if (aud instanceof String s) {
            return audiences.contains(s);
        }
        return aud instanceof Collection<?> list && list.stream().anyMatch(a -> a instanceof String s && audiences.contains(s));
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
        if (rolePath == null) {
            return Set.of();
        }
        Object value = claims;
        for (String step : rolePath) {
            value = value instanceof Map<?, ?> map ? map.get(step) : null;
        }
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof String s) {
            roles.add(s);
        } else if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).forEach(role -> roles.add((String) role));
        }
        return roles;
    }
}
