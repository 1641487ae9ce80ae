package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every rule an access token's claims must meet, in order, written once. A verified JWT's claims and an active
 * introspection answer run the same list; the token cache reruns {@link #times} on a hit. {@link Source#JWT}
 * requires {@code exp} and {@code iss}; {@link Source#INTROSPECTION} checks what the answer carries (RFC 7662 §2.2
 * makes every member optional) but still refuses a missing {@code aud} unless told otherwise. Adding a rule means
 * adding it to {@link #rules}. The token's key binding ({@code cnf}) depends on the request, so {@link DpopBinding}
 * checks it next, for both sources.
 */
final class ClaimRules {

    /** Where the claims come from. */
    enum Source { JWT, INTROSPECTION }

    /** One check over the claims. */
    @FunctionalInterface
    private interface Rule {
        void check(Map<String, ?> claims, Source source);
    }

    /** NumericDate (RFC 7519 §2) bounds: no negative times, nothing past the year 9999. */
    static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    /** ID-token-only claims (OpenID Connect Core §2, §3.3.2.11): never in an access token of any server we know. */
    private static final List<String> ID_TOKEN_CLAIMS = List.of("at_hash", "c_hash", "s_hash");
    /** Keycloak's payload {@code typ} of access tokens; it also signs ID, refresh and logout tokens with the same key. */
    private static final Set<String> ACCESS_PAYLOAD_TYPES = Set.of("bearer", "dpop");
    /** RFC 7662 {@code token_type} values (RFC 6749 §7.1, RFC 9449, RFC 8693 §3) that name an access token. */
    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("bearer", "dpop", "access_token", "urn:ietf:params:oauth:token-type:access_token");

    private final String issuer;
    private final Set<String> audiences;
    private final boolean missingAudienceAccepted;
    private final Clock clock;
    private final long skewMillis;
    private final List<String> scopeClaims;
    private final List<Rule> rules = List.of(this::types, this::times, this::issuer, this::audience, this::accessTokenOnly);

    /**
     * @param issuer the trusted issuer, or {@code null} (introspection without one: {@code iss} is not checked)
     * @param audiences accepted audiences; empty accepts any
     * @param missingAudienceAccepted whether an introspection answer without {@code aud} passes the audience rule
     */
    ClaimRules(String issuer, Set<String> audiences, boolean missingAudienceAccepted, Clock clock, Duration clockSkew,
               List<String> scopeClaims) {
        this.issuer = issuer;
        this.audiences = Set.copyOf(audiences);
        this.missingAudienceAccepted = missingAudienceAccepted;
        this.clock = clock;
        this.skewMillis = clockSkew.toMillis();
        this.scopeClaims = List.copyOf(scopeClaims);
    }

    /** @throws InvalidTokenException at the first rule the claims break */
    void check(Map<String, ?> claims, Source source) {
        for (Rule rule : rules) {
            rule.check(claims, source);
        }
    }

    /** Time claims must be JSON numbers in NumericDate range: jjwt and others accept numeric and ISO-8601 strings. */
    private void types(Map<String, ?> claims, Source source) {
        if (source == Source.JWT && !claims.containsKey("exp")) {
            throw new InvalidTokenException(Reason.CLAIMS, "exp missing");
        }
        for (String name : List.of("exp", "nbf", "iat")) {
            if (claims.containsKey(name) && !isNumericDate(claims.get(name))) {
                throw new InvalidTokenException(Reason.CLAIMS, name + " is not a NumericDate");
            }
        }
    }

    /** {@code exp} not reached, {@code nbf} and {@code iat} not in the future, each with the skew (RFC 7519 §4.1.4-6). */
    void times(Map<String, ?> claims, Source source) {
        long now = clock.millis();
        if (claims.get("exp") instanceof Number exp && now - skewMillis > millis(exp)) {
            throw new InvalidTokenException(Reason.EXPIRED, "exp is in the past");
        }
        if (claims.get("nbf") instanceof Number nbf && millis(nbf) > now + skewMillis) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID, "nbf is in the future");
        }
        if (claims.get("iat") instanceof Number iat && millis(iat) > now + skewMillis) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID, "iat is in the future");
        }
    }

    private void issuer(Map<String, ?> claims, Source source) {
        if (issuer == null || (source == Source.INTROSPECTION && !claims.containsKey("iss"))) {
            return;
        }
        if (!issuer.equals(claims.get("iss"))) {
            throw new InvalidTokenException(Reason.ISSUER, "iss is not the configured issuer");
        }
    }

    private void audience(Map<String, ?> claims, Source source) {
        if (audiences.isEmpty()) {
            return;
        }
        if (!claims.containsKey("aud") && source == Source.INTROSPECTION && missingAudienceAccepted) {
            return;
        }
        if (!namesAny(audiences, claims.get("aud"))) {
            throw new InvalidTokenException(Reason.AUDIENCE, claims.containsKey("aud") ? "aud names no accepted audience" : "aud missing");
        }
    }

    /** ID, refresh and logout tokens are no access tokens, even when signed by the same key (RFC 8725 §3.11, RFC 9068 §4). */
    private void accessTokenOnly(Map<String, ?> claims, Source source) {
        for (String name : ID_TOKEN_CLAIMS) {
            if (claims.containsKey(name)) {
                throw new InvalidTokenException(Reason.TYPE, name + " present: an ID token");
            }
        }
        Object payloadType = claims.get("typ");
        if (payloadType != null && !(payloadType instanceof String t && ACCESS_PAYLOAD_TYPES.contains(t.toLowerCase(Locale.ROOT)))) {
            throw new InvalidTokenException(Reason.TYPE, "payload typ " + LogText.printable(payloadType) + " is not an access token's");
        }
        if (claims.containsKey("events")) {
            throw new InvalidTokenException(Reason.TYPE, "events present: a security event or logout token");
        }
        if (claims.containsKey("nonce") && scopeClaims.stream().noneMatch(claims::containsKey)) {
            throw new InvalidTokenException(Reason.TYPE, "nonce without any scope claim: an ID token");
        }
        Object tokenType = claims.get("token_type");
        if (source == Source.INTROSPECTION && tokenType != null
                && !(tokenType instanceof String t && ACCESS_TOKEN_TYPES.contains(t.toLowerCase(Locale.ROOT)))) {
            throw new InvalidTokenException(Reason.TYPE, "token_type " + LogText.printable(tokenType) + " is not an access token type");
        }
    }

    /** @return whether {@code aud} (a string or an array, RFC 7519 §4.1.3) names one of the accepted audiences */
    static boolean namesAny(Set<String> audiences, Object aud) {
        if (aud instanceof String s) {
            return audiences.contains(s);
        }
        return aud instanceof Collection<?> list && list.stream().anyMatch(a -> a instanceof String s && audiences.contains(s));
    }

    static boolean isNumericDate(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            return seconds >= 0 && seconds <= MAX_NUMERIC_DATE;
        }
        if (value instanceof Double || value instanceof Float) {
            double seconds = ((Number) value).doubleValue();
            return Double.isFinite(seconds) && seconds >= 0 && seconds <= MAX_NUMERIC_DATE;
        }
        return false;
    }

    private static long millis(Number seconds) {
        return seconds instanceof Double || seconds instanceof Float ? (long) (seconds.doubleValue() * 1000) : seconds.longValue() * 1000;
    }
}
