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
    DpopPolicy dpop = DpopPolicy.ALLOWED;
    Set<String> dpopAlgorithms = Set.of("ES256", "ES384", "PS256", "RS256", "EdDSA", "Ed25519");
    Duration dpopProofLifetime = Duration.ofMinutes(2);
    boolean dpopNonces;
    byte[] dpopNonceSecret;
    Duration dpopNonceLifetime = Duration.ofMinutes(5);
    ReplayCache dpopReplayCache;
    int dpopReplayCacheSize = 100_000;
    AuthenticationListener authenticationListener = AuthenticationListener.NONE;
    java.security.Provider cryptoProvider;
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

    /**
     * Whether DPoP-bound tokens (RFC 9449) are accepted: {@link DpopPolicy#ALLOWED} (default: a bound token needs a
     * proof, a plain bearer token still passes), {@link DpopPolicy#REQUIRED} or {@link DpopPolicy#OFF}.
     *
     * @param policy the policy
     * @return this builder
     */
    public B dpop(DpopPolicy policy) {
        this.dpop = Objects.requireNonNull(policy, "dpop");
        return changed();
    }

    /**
     * Algorithms accepted for DPoP proofs; default ES256, ES384, PS256, RS256, EdDSA and Ed25519 (RFC 9864's name,
     * which some clients send). Asymmetric only.
     *
     * @param algorithms the {@code alg} values
     * @return this builder
     */
    public B dpopAlgorithms(String... algorithms) {
        this.dpopAlgorithms = Set.copyOf(Arrays.asList(algorithms));
        return changed();
    }

    /**
     * How old a proof's {@code iat} may be (the clock skew is added on both sides); default 2 minutes, 1 second to 1
     * hour. Proofs are remembered for as long, to refuse replays.
     *
     * @param lifetime the proof lifetime
     * @return this builder
     */
    public B dpopProofLifetime(Duration lifetime) {
        this.dpopProofLifetime = Objects.requireNonNull(lifetime, "dpopProofLifetime");
        return changed();
    }

    /**
     * Requires server nonces in DPoP proofs (RFC 9449 §8): a request without the current nonce gets 401
     * {@code use_dpop_nonce} and a {@code DPoP-Nonce} header. Nonces are stateless (an HMAC of the time window), so
     * every instance that shares {@link #dpopNonceSecret} accepts them. Default off.
     *
     * @param enabled whether nonces are required
     * @return this builder
     */
    public B dpopNonces(boolean enabled) {
        this.dpopNonces = enabled;
        return changed();
    }

    /**
     * The secret DPoP nonces are computed with: the same on every instance behind one load balancer. Default: random
     * to this process.
     *
     * @param secret at least 32 bytes
     * @return this builder
     */
    public B dpopNonceSecret(byte[] secret) {
        this.dpopNonceSecret = Objects.requireNonNull(secret, "dpopNonceSecret").clone();
        return changed();
    }

    /**
     * How long one nonce is issued; the previous one stays valid for as long again (and the next one is accepted
     * already, for instances whose clocks differ a little). Default 5 minutes.
     *
     * @param lifetime the nonce window, 10 seconds to 1 hour
     * @return this builder
     */
    public B dpopNonceLifetime(Duration lifetime) {
        this.dpopNonceLifetime = Objects.requireNonNull(lifetime, "dpopNonceLifetime");
        return changed();
    }

    /**
     * Where used proofs are remembered; default this process (see {@link #dpopReplayCacheSize}). Share one store
     * across instances (for example {@code jaxrs-oauth-jcache}) so that a proof accepted by one is refused by all.
     *
     * @param cache the store
     * @return this builder
     */
    public B dpopReplayCache(ReplayCache cache) {
        this.dpopReplayCache = Objects.requireNonNull(cache, "dpopReplayCache");
        return changed();
    }

    /**
     * How many proofs the default in-process store remembers within their lifetime; default 100,000 (a few tens of MB;
     * about 400 DPoP requests a second, sustained, for the default proof lifetime and skew). When full, new proofs are
     * refused (500) rather than old ones forgotten: one client with a valid token and its key can fill it, so put a
     * rate limit per client in front of a public API.
     *
     * @param size the bound
     * @return this builder
     */
    public B dpopReplayCacheSize(int size) {
        this.dpopReplayCacheSize = size;
        return changed();
    }

    /**
     * Receives every authentication outcome (accepted, rejected, denied, introspected), to count or time it; see
     * {@link AuthenticationListener}. Default none, at no cost.
     *
     * @param listener the listener; what it throws is logged, never changes an answer
     * @return this builder
     */
    public B authenticationListener(AuthenticationListener listener) {
        this.authenticationListener = AuthenticationListener.guarded(Objects.requireNonNull(listener, "authenticationListener"));
        return changed();
    }

    /**
     * The JCA provider every signature is verified with: access tokens, DPoP proofs and signed introspection answers.
     * Default: the JVM's providers in their order (the JDK's own unless you changed it). A native provider (Amazon
     * Corretto Crypto Provider, Conscrypt) verifies ES256 and EdDSA about ten to twenty times faster than the JDK 17's;
     * see the README's "Performance". Only this library's verifications use it: the rest of the process (TLS, other
     * libraries) keeps the JVM's order. Keys come from the key set as the JDK builds them; the provider must accept them
     * (the ones named in the README are tested with the hostile catalogue and the Wycheproof vectors).
     *
     * @param provider the provider, for example {@code new BouncyCastleProvider()} or
     *                 {@code AmazonCorrettoCryptoProvider.INSTANCE}
     * @return this builder
     */
    public B cryptoProvider(java.security.Provider provider) {
        this.cryptoProvider = Objects.requireNonNull(provider, "cryptoProvider");
        return changed();
    }

    /** @return what the feature needs to know besides validation, for a validator built from these settings */
    ValidatorFacts facts(DpopBinding dpop) {
        return new ValidatorFacts(dpop, clock, clockSkew, issuer == null ? List.of() : List.of(issuer), authenticationListener);
    }

    /** @return the DPoP checks these settings describe */
    DpopBinding dpopBinding() {
        DpopNonces nonces = dpopNonces ? new DpopNonces(dpopNonceSecret, dpopNonceLifetime, clock) : null;
        ReplayCache replay = dpopReplayCache != null ? dpopReplayCache : new InMemoryReplayCache(dpopReplayCacheSize, clock);
        return new DpopBinding(dpop, dpopAlgorithms, dpopProofLifetime, clockSkew, nonces, replay, clock, cryptoProvider);
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
        require(owner, dpop != DpopPolicy.APPLICATION, "dpop must be OFF, ALLOWED or REQUIRED (APPLICATION is for @Secured)");
        require(owner, !dpopAlgorithms.isEmpty() && Algorithms.ASYMMETRIC.containsAll(dpopAlgorithms),
                "dpopAlgorithms must be asymmetric (RS*, PS*, ES*, EdDSA, Ed25519, Ed448): " + dpopAlgorithms);
        require(owner, dpopProofLifetime.compareTo(Duration.ofSeconds(1)) >= 0 && dpopProofLifetime.compareTo(Duration.ofHours(1)) <= 0,
                "dpopProofLifetime must be 1 second to 1 hour");
        require(owner, dpopNonceSecret == null || dpopNonceSecret.length >= 32, "dpopNonceSecret must have at least 32 bytes");
        require(owner, dpopNonceLifetime.compareTo(Duration.ofSeconds(10)) >= 0 && dpopNonceLifetime.compareTo(Duration.ofHours(1)) <= 0,
                "dpopNonceLifetime must be 10 seconds to 1 hour");
        require(owner, dpopReplayCacheSize >= 1000, "dpopReplayCacheSize must be at least 1000");
    }

    static void require(String owner, boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(owner + ": " + message);
        }
    }
}
