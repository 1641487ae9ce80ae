package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    private final ClaimRules rules;
    private final int maxTokenLength;

    private JwtValidator(Settings<?> s) {
        this.maxTokenLength = s.maxTokenLength;
        KeySource keys = s.keySource != null ? s.keySource : new JwksKeySource(
                new HttpDocuments(httpClient(s), s.requestTimeout), s.issuer, s.jwksUri, s.algorithms, s.clock);
        // jjwt keeps its full algorithm registry so that the locator sees every header and names the reason;
        // the locator refuses algorithms outside the accepted set, and jjwt refuses a PublicKey for HMAC anyway
        this.parser = Jwts.parser()
                .zip().clear().and()
                .enc().clear().and()
                .key().clear().and()
                .json(new JacksonDeserializer<>(Json.STRICT))
                .keyLocator(new JwsKeyLocator(keys, s.algorithms, s.types, s.typeRequired))
                .clock(() -> Date.from(s.clock.instant()))
                .clockSkewSeconds(s.clockSkew.getSeconds())
                .build();
        this.rules = new ClaimRules(s.issuer, s.audiences, s.clock, s.clockSkew, s.scopeClaims, s.roleClaim);
    }

    private static HttpClient httpClient(Settings<?> s) {
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(s.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (s.sslContext != null) {
            client.sslContext(s.sslContext);
        }
        return client.build();
    }

    /** @return a builder; {@code issuer} and {@code audience} (or {@code anyAudience()}) are required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TokenPrincipal validate(String token) {
        CompactJws.check(token, maxTokenLength);
        Map<String, ?> claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
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
            // everything else the parser rejects is client input it could not accept; never a 500
            throw new InvalidTokenException(Reason.MALFORMED, "rejected by the parser: " + e.getClass().getSimpleName(), e);
        }
        return rules.principal(claims);
    }

    /** Builds a {@link JwtValidator}. */
    public static final class Builder extends Settings<Builder> {
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

    /**
     * The settings shared by {@link JwtValidator.Builder} and {@link OAuthFeature.Builder}.
     *
     * @param <B> the concrete builder
     * @since 0.1.0
     */
    public abstract static class Settings<B extends Settings<B>> {
        private String issuer;
        private Set<String> audiences = Set.of();
        private boolean anyAudience;
        private URI jwksUri;
        private KeySource keySource;
        private Set<String> algorithms = Algorithms.ASYMMETRIC;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private Set<String> types = Set.of("at+jwt", "jwt");
        private boolean typeRequired;
        private List<String> scopeClaims = List.of("scope", "scp");
        private String roleClaim;
        private int maxTokenLength = 16 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private SSLContext sslContext;

        Settings() {
        }

        abstract B self();

        /**
         * The trusted issuer; {@code iss} must equal it exactly. Unless {@link #jwksUri} or {@link #keySource} is set,
         * its {@code jwks_uri} is found by discovery (OpenID Connect Discovery, then RFC 8414), on first use.
         *
         * @param issuer the issuer identifier, e.g. {@code https://idsvr.example.com/oauth/v2/oauth-anonymous}
         * @return this builder
         */
        public B issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return self();
        }

        /**
         * Accepted audiences: {@code aud} (a string or an array) must contain at least one (RFC 9068 §4).
         *
         * @param audiences one or more audiences
         * @return this builder
         */
        public B audience(String... audiences) {
            this.audiences = Set.copyOf(Arrays.asList(audiences));
            return self();
        }

        /**
         * Accepts any {@code aud}. Only for authorization servers that do not set an audience per API: tokens issued
         * for other APIs of the same issuer are then accepted too.
         *
         * @return this builder
         */
        public B anyAudience() {
            this.anyAudience = true;
            return self();
        }

        /**
         * The JWKS location, skipping discovery. HTTPS unless the host is a loopback address.
         *
         * @param jwksUri the key set URL
         * @return this builder
         */
        public B jwksUri(URI jwksUri) {
            this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
            return self();
        }

        /**
         * Verifies with keys from elsewhere instead of the issuer's JWKS.
         *
         * @param keySource the key source
         * @return this builder
         */
        public B keySource(KeySource keySource) {
            this.keySource = Objects.requireNonNull(keySource, "keySource");
            return self();
        }

        /**
         * Accepted JWS algorithms; default all asymmetric ones: RS256/384/512, PS256/384/512, ES256/384/512, EdDSA.
         * {@code none} and HMAC algorithms are refused.
         *
         * @param algorithms the {@code alg} values
         * @return this builder
         */
        public B algorithms(String... algorithms) {
            this.algorithms = Set.copyOf(Arrays.asList(algorithms));
            return self();
        }

        /**
         * Tolerance for {@code exp}, {@code nbf} and {@code iat}; default 60 seconds, at most 5 minutes.
         *
         * @param clockSkew the skew
         * @return this builder
         */
        public B clockSkew(Duration clockSkew) {
            this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
            return self();
        }

        /**
         * The clock that time claims are checked against (and the JWKS cache ages by); default UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public B clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return self();
        }

        /**
         * Accepted {@code typ} header values, compared case-insensitively with or without {@code application/};
         * default {@code at+jwt} and {@code JWT}. Other types (ID tokens, logout tokens) are rejected (RFC 8725 §3.11).
         *
         * @param types the accepted types
         * @return this builder
         */
        public B acceptedTypes(String... types) {
            Set<String> normalized = new LinkedHashSet<>();
            for (String type : types) {
                normalized.add(JwsKeyLocator.normalizeType(type));
            }
            this.types = Set.copyOf(normalized);
            return self();
        }

        /**
         * Whether a token without {@code typ} is rejected; default {@code false}.
         *
         * @param required {@code true} to reject tokens without {@code typ}
         * @return this builder
         */
        public B typeRequired(boolean required) {
            this.typeRequired = required;
            return self();
        }

        /**
         * Accepts only RFC 9068 access tokens: {@code typ} must be {@code at+jwt}.
         *
         * @return this builder
         */
        public B requireAccessTokenType() {
            return acceptedTypes("at+jwt").typeRequired(true);
        }

        /**
         * Claims read as scopes, each a space-separated string or an array of strings; default {@code scope} and
         * {@code scp}. Scopes from all of them are combined.
         *
         * @param claims claim names
         * @return this builder
         */
        public B scopeClaims(String... claims) {
            this.scopeClaims = List.of(claims);
            return self();
        }

        /**
         * The claim that {@code SecurityContext.isUserInRole} answers from: a string or an array of strings, by name
         * or by a dotted path into nested objects ({@code realm_access.roles}). Default: none, so no role matches.
         *
         * @param path claim name or dotted path
         * @return this builder
         */
        public B roleClaim(String path) {
            this.roleClaim = Objects.requireNonNull(path, "roleClaim");
            return self();
        }

        /**
         * Longest token accepted, in characters; default 16384.
         *
         * @param length the bound
         * @return this builder
         */
        public B maxTokenLength(int length) {
            this.maxTokenLength = length;
            return self();
        }

        /**
         * Connect timeout for metadata and JWKS requests; default 3 seconds.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public B connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return self();
        }

        /**
         * Whole-request timeout for metadata and JWKS requests; default 5 seconds.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public B requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return self();
        }

        /**
         * TLS settings (trust store) for metadata and JWKS requests; default the JDK's.
         *
         * @param sslContext the context
         * @return this builder
         */
        public B sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return self();
        }

        JwtValidator buildValidator() {
            require(issuer != null && !issuer.isBlank(), "issuer is required");
            require(anyAudience || !audiences.isEmpty(), "audience is required (or call anyAudience())");
            require(!(anyAudience && !audiences.isEmpty()), "audience and anyAudience() are exclusive");
            require(!algorithms.isEmpty(), "algorithms must not be empty");
            List<String> refused = new ArrayList<>();
            for (String algorithm : algorithms) {
                if (!Algorithms.ASYMMETRIC.contains(algorithm)) {
                    refused.add(algorithm);
                }
            }
            require(refused.isEmpty(), "algorithms must be asymmetric (RS*, PS*, ES*, EdDSA); refused: " + refused);
            require(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0, "clockSkew must be 0 to 5 minutes");
            require(!types.isEmpty() || !typeRequired, "acceptedTypes must not be empty when typeRequired");
            require(!scopeClaims.isEmpty(), "scopeClaims must not be empty");
            require(roleClaim == null || Arrays.stream(roleClaim.split("\\.", -1)).noneMatch(String::isEmpty), "roleClaim is not a dotted path: " + roleClaim);
            require(maxTokenLength >= 256, "maxTokenLength must be at least 256");
            require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
            require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
            if (keySource == null) {
                if (jwksUri != null) {
                    HttpDocuments.requireSecure(jwksUri, "jwksUri");
                } else {
                    HttpDocuments.requireSecure(URI.create(issuer), "issuer (for discovery)");
                }
            }
            return new JwtValidator(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("JwtValidator: " + message);
            }
        }
    }
}
