package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;


/**
 * Validates JWT access tokens (RFC 9068, RFC 8725) with the issuer's published keys: strict compact form, an accepted
 * asymmetric algorithm bound to the key, signature, {@code typ}, {@code exp}/{@code nbf}/{@code iat} with clock skew,
 * {@code iss}, {@code aud}; then reads scopes and roles. Immutable and thread-safe; build one and share it.
 *
 * <pre>{@code
 * JwtValidator validator = JwtValidator.builder()
 *         .issuer("https://idsvr.example.com/oauth/v2/oauth-anonymous")   // jwks_uri found by discovery
 *         .audience("api")
 *         .build();
 * TokenPrincipal caller = validator.validate(token);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JwtValidator implements TokenValidator {

    private final HeaderPolicy headers;
    private final KeySource keys;
    private final JwsVerifier verifier;
    private final TokenCache cache;
    private final ClaimRules rules;
    private final PrincipalMapping mapping;
    private final DpopBinding dpop;
    private final ValidatorFacts facts;
    private final AuthenticationListener listener;
    private final int maxTokenLength;
    private final String issuer;

    private JwtValidator(JwtSettings<?> s) {
        this.maxTokenLength = s.maxTokenLength;
        this.issuer = s.issuer;
        this.headers = new HeaderPolicy(s.algorithms, s.types, s.typeRequired);
        this.keys = s.keySource != null ? s.keySource : jwks(s);
        this.verifier = new JwsVerifier(keys, s.cryptoProvider);
        this.cache = s.tokenCacheSize > 0 ? new TokenCache(s.tokenCacheSize, s.clock, s.clockSkew) : null;
        this.rules = new ClaimRules(s.issuer, s.audiences, false, s.clock, s.clockSkew, s.scopeClaims);
        this.mapping = new PrincipalMapping(s.scopeClaims, s.roleClaims);
        this.dpop = s.dpopBinding();
        this.facts = s.facts(dpop);
        this.listener = s.authenticationListener;
    }

    ValidatorFacts facts() {
        return facts;
    }

    /**
     * @return a snapshot of the JWKS key source (last fetch, age, next refresh, failures, keys), or nothing for a key
     *         source of your own
     */
    public java.util.List<SourceHealth> health() {
        return keys instanceof JwksKeySource jwks ? java.util.List.of(jwks.health()) : java.util.List.of();
    }

    private static JwksKeySource jwks(JwtSettings<?> s) {
        JwksKeySource source = JwksKeySource.create(s, s.jwksUri, s.algorithms, s.jwksLifetime, s.jwksRefreshInterval,
                s.jwksMaxStaleness, s.keySourceListener);
        if (s.prefetchKeys) {
            source.prefetch();
        }
        return source;
    }

    static JwtValidator create(JwtSettings<?> settings) {
        return new JwtValidator(settings);
    }

    int maxTokenLength() {
        return maxTokenLength;
    }

    /** @return the trusted issuer; {@code iss} must equal it */
    public String issuer() {
        return issuer;
    }

    /** @return a builder; {@code issuer} and {@code audience} (or {@code anyAudience()}) are required */
    public static Builder builder() {
        return new Builder();
    }

    /** Validates a bearer token: a DPoP-bound one is refused, since no proof can come with it. */
    @Override
    public TokenPrincipal validate(String token) {
        return validate(TokenRequest.bearer(token));
    }

    /** Validates the token, then that its key binding and the request agree (a DPoP proof where {@code cnf.jkt} says). */
    @Override
    public TokenPrincipal validate(TokenRequest request) {
        if (listener == AuthenticationListener.NONE) {
            return validate(request, null);
        }
        return AuthenticationEvent.reported(listener, issuer, request, cacheHit -> validate(request, cacheHit));
    }

    /** @param cacheHit where to say whether the cache answered, or {@code null} when nobody listens */
    private TokenPrincipal validate(TokenRequest request, boolean[] cacheHit) {
        dpop.checkScheme(request);
        TokenPrincipal principal = token(request.token(), cacheHit);
        dpop.check(request, principal.claims());
        return principal;
    }

    DpopBinding dpop() {
        return dpop;
    }

    private TokenPrincipal token(String token, boolean[] cacheHit) {
        if (cache != null && token != null) {
            TokenPrincipal hit = cache.get(token, keys);
            if (hit != null) {
                rules.times(hit.claims(), ClaimRules.Source.JWT);
                if (cacheHit != null) {
                    cacheHit[0] = true;
                }
                return hit;
            }
        }
        JwsVerifier.Verified verified = verifier.verify(CompactJws.parse(token, maxTokenLength, headers));
        TokenPrincipal principal;
        try {
            rules.check(verified.claims(), ClaimRules.Source.JWT);
            principal = mapping.principal(verified.claims());
        } catch (OAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            // signed by the issuer but of a shape no rule foresaw: still the token's fault, never a 500
            throw new InvalidTokenException(Reason.CLAIMS, "claims rejected: " + e.getClass().getSimpleName(), e);
        }
        if (cache != null) {
            CompactJws jws = verified.jws();
            cache.put(token, new TokenCache.Entry(principal, jws.keyId(), jws.algorithm(), verified.key()));
        }
        return principal;
    }

    /** @return entries in the validated-token cache (tests) */
    long cachedTokens() {
        return cache == null ? 0 : cache.size();
    }

    /** Builds a {@link JwtValidator}. */
    public static final class Builder extends JwtSettings<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @return the validator
         * @throws IllegalArgumentException naming the first setting that is missing or invalid
         */
        public JwtValidator build() {
            return buildValidator();
        }
    }
}
