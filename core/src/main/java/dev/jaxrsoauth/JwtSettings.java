package dev.jaxrsoauth;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The JWT validation settings, shared by {@link JwtValidator.Builder} and {@link OAuthFeature.Builder}, beside the
 * ones every validator takes ({@link TokenSettings}); {@code build()} checks them all and names the first one that is
 * missing or invalid.
 *
 * @param <B> the concrete builder
 * @since 0.1.0
 */
public abstract class JwtSettings<B extends JwtSettings<B>> extends TokenSettings<B> {
    URI jwksUri;
    KeySource keySource;
    Set<String> algorithms = Algorithms.ASYMMETRIC;
    Set<String> types = Set.of("at+jwt", "jwt");
    boolean typeRequired;
    Duration jwksLifetime = JwksPolicy.DEFAULT_LIFETIME;
    Duration jwksRefreshInterval = JwksPolicy.DEFAULT_REFRESH_INTERVAL;
    Duration jwksMaxStaleness = JwksPolicy.DEFAULT_MAX_STALENESS;
    boolean prefetchKeys;
    KeySourceListener keySourceListener = new LoggingKeySourceListener();

    JwtSettings() {
    }

    /**
     * The JWKS location, skipping discovery. HTTPS unless the host is a loopback address.
     *
     * @param jwksUri the key set URL
     * @return this builder
     */
    public B jwksUri(URI jwksUri) {
        this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
        return changed();
    }

    /**
     * Verifies with keys from elsewhere instead of the issuer's JWKS.
     *
     * @param keySource the key source
     * @return this builder
     */
    public B keySource(KeySource keySource) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
        return changed();
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
        return changed();
    }

    /**
     * Accepted {@code typ} header values, compared case-insensitively with or without {@code application/};
     * default {@code at+jwt} and {@code JWT}. Other types (ID tokens, logout tokens) are rejected (RFC 8725 §3.11).
     *
     * @param types the accepted types
     * @return this builder
     */
    public B acceptedTypes(String... types) {
        this.types = HeaderPolicy.normalized(types);
        return changed();
    }

    /**
     * Whether a token without {@code typ} is rejected; default {@code false}.
     *
     * @param required {@code true} to reject tokens without {@code typ}
     * @return this builder
     */
    public B typeRequired(boolean required) {
        this.typeRequired = required;
        return changed();
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
     * How long a key set is cached when its response has no {@code Cache-Control: max-age}; default 5 minutes.
     * A {@code max-age} is honoured within 1 minute to 1 day. Refreshes start in the background at 80%.
     *
     * @param lifetime the default lifetime
     * @return this builder
     */
    public B jwksCacheLifetime(Duration lifetime) {
        this.jwksLifetime = Objects.requireNonNull(lifetime, "jwksCacheLifetime");
        return changed();
    }

    /**
     * After a refresh for an unknown {@code kid} that found nothing new, further unknown-kid refreshes wait this
     * long; default 5 seconds. Refreshes that found their kid do not count. Under a flood of made-up kids this is both
     * the most the flood costs (one JWKS fetch per interval) and the longest a key rotated in meanwhile waits.
     *
     * @param interval the minimum interval
     * @return this builder
     */
    public B jwksRefreshInterval(Duration interval) {
        this.jwksRefreshInterval = Objects.requireNonNull(interval, "jwksRefreshInterval");
        return changed();
    }

    /**
     * How long past its lifetime a key set is still used while the authorization server cannot be reached;
     * default 6 hours. After that, requests get 500 until a fetch succeeds.
     *
     * @param staleness the maximum staleness
     * @return this builder
     */
    public B jwksMaxStaleness(Duration staleness) {
        this.jwksMaxStaleness = Objects.requireNonNull(staleness, "jwksMaxStaleness");
        return changed();
    }

    /**
     * Starts fetching the key set when the validator is built instead of on the first token. A failure never
     * fails the build: it is reported to the listener and retried on demand. Default {@code false}.
     *
     * @param prefetch whether to fetch at build time
     * @return this builder
     */
    public B prefetchKeys(boolean prefetch) {
        this.prefetchKeys = prefetch;
        return changed();
    }

    /**
     * Receives the key source's events (fetched, rotated, failed, unknown kid, stale keys served) instead of
     * the default logging.
     *
     * @param listener the listener
     * @return this builder
     */
    public B keySourceListener(KeySourceListener listener) {
        this.keySourceListener = Objects.requireNonNull(listener, "keySourceListener");
        return changed();
    }

    JwtValidator buildValidator() {
        require(issuer != null && !issuer.isBlank(), "issuer is required");
        checkShared("JwtValidator");
        require(!algorithms.isEmpty(), "algorithms must not be empty");
        List<String> refused = new ArrayList<>();
        for (String algorithm : algorithms) {
            if (!Algorithms.ASYMMETRIC.contains(algorithm)) {
                refused.add(algorithm);
            }
        }
        require(refused.isEmpty(), "algorithms must be asymmetric (RS*, PS*, ES*, EdDSA); refused: " + refused);
        require(!types.isEmpty() || !typeRequired, "acceptedTypes must not be empty when typeRequired");
        require(jwksLifetime.compareTo(JwksPolicy.MIN_LIFETIME) >= 0 && jwksLifetime.compareTo(JwksPolicy.MAX_LIFETIME) <= 0,
                "jwksCacheLifetime must be 1 minute to 1 day");
        require(jwksRefreshInterval.compareTo(Duration.ofSeconds(1)) >= 0, "jwksRefreshInterval must be at least 1 second (it bounds floods of unknown kids)");
        require(!jwksMaxStaleness.isNegative(), "jwksMaxStaleness must not be negative");
        if (keySource == null) {
            if (jwksUri != null) {
                HttpDocuments.requireSecure(jwksUri, "jwksUri");
            } else {
                HttpDocuments.requireSecure(URI.create(issuer), "issuer (for discovery)");
            }
        }
        return JwtValidator.create(this);
    }

    private static void require(boolean condition, String message) {
        require("JwtValidator", condition, message);
    }
}
