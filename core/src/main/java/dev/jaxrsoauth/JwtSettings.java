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
 * The settings shared by {@link JwtValidator.Builder} and {@link OAuthFeature.Builder}; {@code build()} checks them
 * all and names the first one that is missing or invalid.
 *
 * @param <B> the concrete builder
 * @since 0.1.0
 */
public abstract class JwtSettings<B extends JwtSettings<B>> {
    String issuer;
    Set<String> audiences = Set.of();
    boolean anyAudience;
    URI jwksUri;
    KeySource keySource;
    Set<String> algorithms = Algorithms.ASYMMETRIC;
    Duration clockSkew = Duration.ofSeconds(60);
    Clock clock = Clock.systemUTC();
    Set<String> types = Set.of("at+jwt", "jwt");
    boolean typeRequired;
    List<String> scopeClaims = List.of("scope", "scp");
    List<ClaimPath> roleClaims = List.of();
    int maxTokenLength = 16 * 1024;
    Duration connectTimeout = Duration.ofSeconds(3);
    Duration requestTimeout = Duration.ofSeconds(5);
    SSLContext sslContext;
    Duration jwksLifetime = Duration.ofMinutes(5);
    Duration jwksRefreshInterval = JwksPolicy.DEFAULT_REFRESH_INTERVAL;
    Duration jwksMaxStaleness = Duration.ofHours(6);
    boolean prefetchKeys;
    KeySourceListener keySourceListener = new LoggingKeySourceListener();
    int tokenCacheSize = 2048;

    JwtSettings() {
    }

    abstract B self();

    /** Whether any setting was given: a feature built over another validator must not silently ignore them. */
    boolean changed;

    private B changed() {
        changed = true;
        return self();
    }

    /**
     * The trusted issuer; {@code iss} must equal it exactly. Unless {@link #jwksUri} or {@link #keySource} is set,
     * its {@code jwks_uri} is found by discovery (OpenID Connect Discovery, then RFC 8414), on first use.
     *
     * @param issuer the issuer identifier, e.g. {@code https://idsvr.example.com/oauth/v2/oauth-anonymous}
     * @return this builder
     */
    public B issuer(String issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        return changed();
    }

    /**
     * Accepted audiences: {@code aud} (a string or an array) must contain at least one (RFC 9068 §4).
     *
     * @param audiences one or more audiences
     * @return this builder
     */
    public B audience(String... audiences) {
        this.audiences = Set.copyOf(Arrays.asList(audiences));
        return changed();
    }

    /**
     * Accepts any {@code aud}. Only for authorization servers that do not set an audience per API: tokens issued
     * for other APIs of the same issuer are then accepted too.
     *
     * @return this builder
     */
    public B anyAudience() {
        this.anyAudience = true;
        return changed();
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
     * Tolerance for {@code exp}, {@code nbf} and {@code iat}; default 60 seconds, at most 5 minutes.
     *
     * @param clockSkew the skew
     * @return this builder
     */
    public B clockSkew(Duration clockSkew) {
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        return changed();
    }

    /**
     * The clock that time claims are checked against (and the JWKS cache ages by); default UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
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
     * Claims read as scopes, each a space-separated string or an array of strings; default {@code scope} and
     * {@code scp}. Scopes from all of them are combined.
     *
     * @param claims claim names
     * @return this builder
     */
    public B scopeClaims(String... claims) {
        this.scopeClaims = List.of(claims);
        return changed();
    }

    /**
     * The claim that {@code SecurityContext.isUserInRole} and {@code @RolesAllowed} answer from: a string or an array
     * of strings, by name or by a path into nested objects ({@code realm_access.roles}). A name with dots goes in
     * double quotes ({@code resource_access."my.app".roles}); a URL is one name ({@code https://example.com/roles}).
     * Default: none, so no role matches.
     *
     * @param path claim name or path
     * @return this builder
     */
    public B roleClaim(String path) {
        return roleClaims(Objects.requireNonNull(path, "roleClaim"));
    }

    /**
     * Several role claims whose roles are combined, for example Keycloak's realm and client roles:
     * {@code roleClaims("realm_access.roles", "resource_access.my-api.roles")}. Paths as in {@link #roleClaim}.
     *
     * @param paths claim names or paths
     * @return this builder
     */
    public B roleClaims(String... paths) {
        List<ClaimPath> parsed = new ArrayList<>();
        for (String path : paths) {
            parsed.add(ClaimPath.parse(Objects.requireNonNull(path, "roleClaims")));
        }
        this.roleClaims = List.copyOf(parsed);
        return changed();
    }

    /**
     * Longest token accepted, in characters; default 16384.
     *
     * @param length the bound
     * @return this builder
     */
    public B maxTokenLength(int length) {
        this.maxTokenLength = length;
        return changed();
    }

    /**
     * Connect timeout for metadata and JWKS requests; default 3 seconds.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
        return changed();
    }

    /**
     * Whole-request timeout for metadata and JWKS requests; default 5 seconds.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public B requestTimeout(Duration timeout) {
        this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
        return changed();
    }

    /**
     * TLS settings (trust store) for metadata and JWKS requests; default the JDK's.
     *
     * @param sslContext the context
     * @return this builder
     */
    public B sslContext(SSLContext sslContext) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        return changed();
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

    /**
     * How many validated tokens to remember, so that a reused token skips parsing and signature verification; default
     * 2048, {@code 0} turns the cache off. A hit still checks {@code exp} and {@code nbf} against the clock and that
     * the verifying key is still published; entries never outlive {@code exp}; failures are never cached.
     *
     * @param size the maximum number of entries
     * @return this builder
     */
    public B tokenCacheSize(int size) {
        this.tokenCacheSize = size;
        return changed();
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
        require(maxTokenLength >= 256, "maxTokenLength must be at least 256");
        require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
        require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
        require(jwksLifetime.compareTo(JwksPolicy.MIN_LIFETIME) >= 0 && jwksLifetime.compareTo(JwksPolicy.MAX_LIFETIME) <= 0,
                "jwksCacheLifetime must be 1 minute to 1 day");
        require(!jwksRefreshInterval.isNegative(), "jwksRefreshInterval must not be negative");
        require(!jwksMaxStaleness.isNegative(), "jwksMaxStaleness must not be negative");
        require(tokenCacheSize >= 0, "tokenCacheSize must not be negative");
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
        if (!condition) {
            throw new IllegalArgumentException("JwtValidator: " + message);
        }
    }
}
