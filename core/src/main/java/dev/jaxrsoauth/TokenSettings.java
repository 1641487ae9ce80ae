package dev.jaxrsoauth;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The settings every validator shares, under the same names: issuer, audiences, clock and skew, scope and role
 * claims, token size, HTTP timeouts and TLS, and the token cache. Extended by {@link JwtSettings} (JWT validation,
 * also the {@link OAuthFeature} builder) and {@link IntrospectionValidator.Builder}; {@code build()} checks them all
 * and names the first one that is missing or invalid.
 *
 * @param <B> the concrete builder
 * @since 0.1.0
 */
public abstract class TokenSettings<B extends TokenSettings<B>> {
    String issuer;
    Set<String> audiences = Set.of();
    boolean anyAudience;
    Duration clockSkew = Duration.ofSeconds(60);
    Clock clock = Clock.systemUTC();
    List<String> scopeClaims = List.of("scope", "scp");
    List<ClaimPath> roleClaims = List.of();
    int maxTokenLength = 16 * 1024;
    Duration connectTimeout = Duration.ofSeconds(3);
    Duration requestTimeout = Duration.ofSeconds(5);
    SSLContext sslContext;
    int tokenCacheSize = 2048;
    /** Whether any setting was given: a feature built over another validator must not silently ignore them. */
    boolean changed;

    TokenSettings() {
    }

    abstract B self();

    B changed() {
        changed = true;
        return self();
    }

    /**
     * The trusted issuer; {@code iss} must equal it exactly. Its metadata (OpenID Connect Discovery, then RFC 8414) is
     * where the {@code jwks_uri} or {@code introspection_endpoint} is found when not configured, on first use.
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
     * How many validated tokens to remember, so that a reused token skips parsing and signature verification (or, for
     * introspection, the call); default 2048, {@code 0} turns the cache off. A hit still checks {@code exp} and {@code nbf} against the clock and that
     * the verifying key is still published; entries never outlive {@code exp}; failures are never cached.
     *
     * @param size the maximum number of entries
     * @return this builder
     */
    public B tokenCacheSize(int size) {
        this.tokenCacheSize = size;
        return changed();
    }

    /** The longest a request waits for the authorization server: both HTTP timeouts, twice (discovery, then the document). */
    Duration maxWait() {
        return connectTimeout.plus(requestTimeout).multipliedBy(2);
    }

    /** @throws IllegalArgumentException naming the first shared setting that is missing or invalid */
    void checkShared(String owner) {
        require(owner, anyAudience || !audiences.isEmpty(), "audience is required (or call anyAudience())");
        require(owner, !(anyAudience && !audiences.isEmpty()), "audience and anyAudience() are exclusive");
        require(owner, !clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0, "clockSkew must be 0 to 5 minutes");
        require(owner, !scopeClaims.isEmpty(), "scopeClaims must not be empty");
        require(owner, maxTokenLength >= 256, "maxTokenLength must be at least 256");
        require(owner, !connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
        require(owner, !requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
        require(owner, tokenCacheSize >= 0, "tokenCacheSize must not be negative");
    }

    static void require(String owner, boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(owner + ": " + message);
        }
    }
}
