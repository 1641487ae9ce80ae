package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.PrematureJwtException;

import java.security.PublicKey;

import java.time.Duration;

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

    private final JwtParser parser;
    private final KeySource keys;
    private final TokenCache cache;
    private final ClaimRules rules;
    private final int maxTokenLength;
    private final String issuer;

    private JwtValidator(JwtSettings<?> s) {
        this.maxTokenLength = s.maxTokenLength;
        this.issuer = s.issuer;
        this.keys = s.keySource != null ? s.keySource : jwks(s);
        this.cache = s.tokenCacheSize > 0 ? new TokenCache(s.tokenCacheSize, s.clock, s.clockSkew) : null;
        this.parser = JwsParsers.create(keys, s.algorithms, s.types, s.typeRequired, s.clock, s.clockSkew);
        this.rules = new ClaimRules(s.issuer, s.audiences, s.clock, s.clockSkew, s.scopeClaims, s.roleClaim);
    }

    private static JwksKeySource jwks(JwtSettings<?> s) {
        Duration maxWait = s.connectTimeout.plus(s.requestTimeout).multipliedBy(2);
        JwksPolicy policy = new JwksPolicy(s.jwksLifetime, s.jwksRefreshInterval, s.jwksMaxStaleness,
                JwksPolicy.UNKNOWN_KEY_ID_MEMORY, maxWait, new GuardedKeySourceListener(s.keySourceListener));
        JwksKeySource source = new JwksKeySource(new HttpDocuments(HttpDocuments.client(s.connectTimeout, s.sslContext), s.requestTimeout),
                s.issuer, s.jwksUri, s.algorithms, s.clock, policy);
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

    @Override
    public TokenPrincipal validate(String token) {
        if (cache != null && token != null) {
            TokenPrincipal hit = cache.get(token, keys);
            if (hit != null) {
                return hit;
            }
        }
        CompactJws.check(token, maxTokenLength);
        Jws<Claims> jws;
        PublicKey verifiedWith;
        try {
            jws = parser.parseSignedClaims(token);
            if (StrictJsonDeserializer.VERDICT.get() != null) {
                throw StrictJsonDeserializer.VERDICT.get();
            }
        } catch (OAuthException e) {
            throw e;
        } catch (ExpiredJwtException e) {
            throw new InvalidTokenException(Reason.EXPIRED, "exp is in the past", e);
        } catch (PrematureJwtException e) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID, "nbf is in the future", e);
        } catch (io.jsonwebtoken.security.SignatureException e) {
            throw new InvalidTokenException(Reason.SIGNATURE, "signature does not verify", e);
        } catch (io.jsonwebtoken.security.InvalidKeyException e) {
            throw new InvalidTokenException(Reason.ALGORITHM, "key does not fit the algorithm: " + e.getClass().getSimpleName(), e);
        } catch (RuntimeException e) {
            InvalidTokenException verdict = StrictJsonDeserializer.VERDICT.get();
            if (verdict != null) {
                throw verdict;
            }
            // everything else the parser rejects is client input it could not accept; never a 500
            throw new InvalidTokenException(Reason.MALFORMED, "rejected by the parser: " + e.getClass().getSimpleName(), e);
        } finally {
            StrictJsonDeserializer.VERDICT.remove();
            verifiedWith = JwsKeyLocator.LOCATED.get();
            JwsKeyLocator.LOCATED.remove();
        }
        TokenPrincipal principal;
        try {
            principal = rules.principal(jws.getPayload());
        } catch (OAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            // signed by the issuer but of a shape no rule foresaw: still the token's fault, never a 500
            throw new InvalidTokenException(Reason.CLAIMS, "claims rejected: " + e.getClass().getSimpleName(), e);
        }
        if (cache != null && verifiedWith != null) {
            remember(token, jws, principal, verifiedWith);
        }
        return principal;
    }

    /** Caches the key that verified the signature; a hit is served only while the key source still returns it. */
    private void remember(String token, Jws<Claims> jws, TokenPrincipal principal, PublicKey verifiedWith) {
        Object nbf = principal.claims().get("nbf");
        cache.put(token, new TokenCache.Entry(principal, principal.expiresAt().getEpochSecond(),
                nbf instanceof Number n ? n.longValue() : Long.MIN_VALUE / 2,
                jws.getHeader().getKeyId(), jws.getHeader().getAlgorithm(), verifiedWith));
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
