package dev.jaxrsoauth;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one resource method requires, decided at deployment ({@link AuthorizationFeature}) and checked per request in
 * this order: the DPoP policy, the user's authentication ({@link StepUp}, 401), scopes (403), {@code @DenyAll} and
 * roles, claims ({@link RequireClaim}) and rules ({@link RequireRule}) (403 {@code access_denied}).
 *
 * @param method the method's name, for messages
 * @param scopes every scope the token must grant
 * @param roles one of these roles is needed, or {@code null} for no role rule
 * @param denyAll nobody may call it ({@code @DenyAll})
 * @param dpop the resource's own DPoP policy, or {@code APPLICATION} for the application's
 * @param stepUp the authentication it needs, or {@code null}
 * @param claims the claims it needs, all of them
 * @param rules the rules it needs, all of them
 */
record Requirement(String method, Set<String> scopes, Set<String> roles, boolean denyAll, DpopPolicy dpop,
                   StepUpCheck stepUp, List<ClaimCheck> claims, List<NamedRule> rules) {

    /** Scopes, roles and DPoP only. */
    Requirement(String method, Set<String> scopes, Set<String> roles, boolean denyAll, DpopPolicy dpop) {
        this(method, scopes, roles, denyAll, dpop, null, List.of(), List.of());
    }

    void check(TokenSecurityContext caller) {
        if (dpop == DpopPolicy.REQUIRED && caller.scheme() != TokenRequest.Scheme.DPOP) {
            throw new InvalidTokenException(InvalidTokenException.Reason.DPOP_REQUIRED, "a bearer token for " + method);
        }
        if (dpop == DpopPolicy.OFF && caller.scheme() == TokenRequest.Scheme.DPOP) {
            throw new InvalidTokenException(InvalidTokenException.Reason.DPOP_BINDING, "DPoP is off for " + method);
        }
        TokenPrincipal principal = caller.getUserPrincipal();
        if (stepUp != null) {
            stepUp.check(principal, method);
        }
        if (!principal.scopes().containsAll(scopes)) {
            Set<String> missing = new LinkedHashSet<>(scopes);
            missing.removeAll(principal.scopes());
            throw new InsufficientScopeException(scopes, "missing scopes " + missing + " for " + method);
        }
        if (denyAll) {
            throw new AccessDeniedException("@DenyAll on " + method);
        }
        if (roles != null && roles.stream().noneMatch(principal.roles()::contains)) {
            throw new AccessDeniedException("none of the roles " + roles + " for " + method);
        }
        for (ClaimCheck claim : claims) {
            claim.check(principal, method);
        }
        for (NamedRule rule : rules) {
            rule.check(principal, method);
        }
    }

    /**
     * {@link RequireClaim}: the claim at a path is present and, with values, equal to one of them or an array holding
     * one. Strings, booleans and integers compare as their JSON text; objects and fractions never match.
     */
    record ClaimCheck(ClaimPath path, Set<String> anyOf) {
        void check(TokenPrincipal principal, String method) {
            Object value = path.resolve(principal.claims());
            if (value == null) {
                throw new AccessDeniedException("claim " + path + " missing for " + method);
            }
            if (anyOf.isEmpty()) {
                return;
            }
            boolean matches = value instanceof Collection<?> values ? values.stream().anyMatch(this::matches) : matches(value);
            if (!matches) {
                throw new AccessDeniedException("claim " + path + " has none of " + anyOf + " for " + method);
            }
        }

        private boolean matches(Object value) {
            String text = value instanceof String s ? s
                    : value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof BigInteger
                    ? value.toString() : null;
            return text != null && anyOf.contains(text);
        }
    }

    /** A rule registered on the feature, under the name a {@link RequireRule} gave or for the resource class. */
    record NamedRule(String name, Predicate<TokenPrincipal> predicate) {
        void check(TokenPrincipal principal, String method) {
            boolean accepted;
            try {
                accepted = predicate.test(principal);
            } catch (RuntimeException e) {
                // a rule that breaks never lets a request through
                throw new AuthorizationServerException("rule " + name + " failed for " + method + ": " + e, e);
            }
            if (!accepted) {
                throw new AccessDeniedException("rule " + name + " refused the caller of " + method);
            }
        }
    }

    /**
     * {@link StepUp} (RFC 9470): {@code acr} one of the values; {@code auth_time} a NumericDate no older than
     * {@code maxAge} seconds and not in the future, the skew allowed both ways.
     */
    record StepUpCheck(Set<String> acrValues, long maxAge, Clock clock, Duration skew) {
        void check(TokenPrincipal principal, String method) {
            Object acr = principal.claims().get("acr");
            if (!acrValues.isEmpty() && !(acr instanceof String a && acrValues.contains(a))) {
                throw refused("acr " + LogText.printable(acr) + " is none of " + acrValues + " for " + method);
            }
            if (maxAge < 0) {
                return;
            }
            Object authTime = principal.claims().get("auth_time");
            if (!ClaimRules.isNumericDate(authTime)) {
                throw refused("auth_time missing or not a NumericDate for " + method);
            }
            double authenticated = ((Number) authTime).doubleValue() * 1000;
            long now = clock.millis();
            if (authenticated < now - maxAge * 1000 - skew.toMillis() || authenticated > now + skew.toMillis()) {
                throw refused("auth_time more than " + maxAge + " s ago, or ahead, for " + method);
            }
        }

        private InsufficientUserAuthenticationException refused(String detail) {
            return new InsufficientUserAuthenticationException(acrValues, maxAge, detail);
        }
    }
}
