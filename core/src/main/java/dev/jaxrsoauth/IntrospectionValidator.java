package dev.jaxrsoauth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.jaxrsoauth.InvalidTokenException.Reason;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Validates opaque (or any) access tokens by asking the authorization server (RFC 7662 token introspection), with a
 * bounded cache and one request per token however many arrive at once. {@code OAuthFeature.of(validator)} protects
 * an API with it; resources see the same {@link TokenPrincipal} as with {@link JwtValidator}.
 *
 * <pre>{@code
 * IntrospectionValidator validator = IntrospectionValidator.builder()
 *         .issuer("https://idsvr.example.com/oauth/v2/oauth-anonymous")   // introspection_endpoint by discovery
 *         .clientId("api-client").clientSecret(secret)
 *         .audience("api")
 *         .build();
 * }</pre>
 *
 * <p>{@code active} must be a boolean: {@code false} is 401 {@code invalid_token}; a non-200, non-JSON or late answer
 * is 500 {@code server_error}. {@code iss} and {@code aud} are checked when the answer carries them. An answer
 * without {@code exp} is accepted and cached for at most the maximum TTL. With {@code signedResponses(true)} the
 * answer must be a JWT (RFC 9701) signed with a key from the issuer's JWKS.
 *
 * @since 0.1.0
 */
public final class IntrospectionValidator implements TokenValidator {

    /** How the API authenticates to the introspection endpoint (RFC 6749 §2.3.1). */
    public enum ClientAuthentication {
        /** {@code Authorization: Basic} with the URL-encoded id and secret (the default). */
        CLIENT_SECRET_BASIC,
        /** {@code client_id} and {@code client_secret} in the form body. */
        CLIENT_SECRET_POST
    }

    /**
     * An introspection result: the principal when active, {@code null} when not, or the refusal. The loading future
     * always completes normally, so an expected outcome never surfaces as a cache loader's exception (or its log).
     */
    private record Outcome(TokenPrincipal principal, long expiresAt, OAuthException refusal) {
        static Outcome of(Throwable failure) {
            Throwable cause = IssuerMetadata.unwrap(failure);
            return new Outcome(null, 0, cause instanceof OAuthException o ? o
                    : new AuthorizationServerException("introspection failed: " + cause, cause));
        }
    }

    private static final long NO_EXPIRY = Long.MAX_VALUE;

    private final Settings settings;
    private final HttpDocuments http;
    private final SignedIntrospectionAnswers signedAnswers;
    private final ClaimRules rules;
    private final PrincipalMapping mapping;
    private final AsyncCache<String, Outcome> cache;
    private volatile URI endpoint;

    private IntrospectionValidator(Settings s) {
        this.settings = s;
        this.http = new HttpDocuments(HttpDocuments.client(s.connectTimeout, s.sslContext), s.requestTimeout);
        this.endpoint = s.endpoint;
        this.rules = new ClaimRules(s.issuer, s.audiences, s.missingAudienceAccepted, s.clock, s.clockSkew, List.of("scope"));
        this.mapping = new PrincipalMapping(List.of("scope"), s.roleClaims);
        this.signedAnswers = s.signedResponses ? new SignedIntrospectionAnswers(s.issuer, s.jwksUri, s.clientId, s.clock, s.clockSkew,
                s.connectTimeout, s.requestTimeout, s.sslContext) : null;
        this.cache = Caffeine.newBuilder()
                .maximumSize(s.cacheSize)
                .expireAfter(new ComputedExpiry<String, Outcome>(outcome -> {
                    if (outcome.refusal() instanceof AuthorizationServerException) {
                        // server trouble is never cached
                        return 0;
                    }
                    if (outcome.principal() == null) {
                        return s.inactiveCacheTtl.toNanos();
                    }
                    long untilExp = outcome.expiresAt() == NO_EXPIRY ? Long.MAX_VALUE : TokenCache.nanosUntil(outcome.expiresAt(), s.clock);
                    return Math.min(untilExp, s.maxCacheTtl.toNanos());
                }))
                .ticker(() -> s.clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .buildAsync();
    }

    /** @return a builder; {@code clientId}, {@code clientSecret} and an endpoint (or the issuer) are required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TokenPrincipal validate(String token) {
        if (token == null || token.isEmpty() || token.length() > settings.maxTokenLength) {
            throw new InvalidTokenException(Reason.MALFORMED, "token empty or longer than " + settings.maxTokenLength);
        }
        // one request per token however many arrive at once, never holding a lock while it runs; failures are not cached
        CompletableFuture<Outcome> pending = cache.get(token, (key, executor) -> introspect(key).handle(
                (result, failure) -> failure == null ? result : Outcome.of(failure)));
        Outcome outcome = await(pending);
        if (outcome.refusal() != null) {
            if (outcome.refusal() instanceof AuthorizationServerException) {
                cache.asMap().remove(token, pending);
            }
            throw outcome.refusal();
        }
        if (outcome.principal() == null) {
            throw new InvalidTokenException(Reason.INACTIVE, "introspection says the token is not active");
        }
        rules.times(outcome.principal().claims(), ClaimRules.Source.INTROSPECTION);
        return outcome.principal();
    }

    private CompletableFuture<Outcome> introspect(String token) {
        StringBuilder form = new StringBuilder("token=").append(encode(token)).append("&token_type_hint=access_token");
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(settings.requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", signedAnswers != null ? "application/token-introspection+jwt" : "application/json");
        if (settings.authentication == ClientAuthentication.CLIENT_SECRET_BASIC) {
            String pair = encode(settings.clientId) + ":" + encode(settings.clientSecret);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.append("&client_id=").append(encode(settings.clientId)).append("&client_secret=").append(encode(settings.clientSecret));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        return endpoint().thenCompose(uri -> http.send(request.uri(uri).build()).thenApply(answer -> outcome(uri, answer)));
    }

    private Outcome outcome(URI uri, HttpDocuments.Answer answer) {
        if (answer.status() != 200) {
            throw new AuthorizationServerException("POST " + uri + " answered " + answer.status(), null);
        }
        Map<String, ?> result = signedAnswers != null ? signedAnswers.introspection(answer.body())
                : HttpDocuments.json(answer.body(), "POST " + uri);
        if (!(result.get("active") instanceof Boolean active)) {
            throw new AuthorizationServerException("POST " + uri + " answered without a boolean active", null);
        }
        return active ? activeOutcome(result) : new Outcome(null, 0, null);
    }

    private Outcome activeOutcome(Map<String, ?> result) {
        rules.check(result, ClaimRules.Source.INTROSPECTION);
        TokenPrincipal principal = mapping.principal(result);
        return new Outcome(principal, result.get("exp") instanceof Number e ? e.longValue() : NO_EXPIRY, null);
    }

    private CompletableFuture<URI> endpoint() {
        URI uri = endpoint;
        if (uri != null) {
            return CompletableFuture.completedFuture(uri);
        }
        return IssuerMetadata.metadata(http, settings.issuer).thenApply(m -> endpoint = IssuerMetadata.endpoint(m, "introspection_endpoint"));
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(settings.connectTimeout.plus(settings.requestTimeout).multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = IssuerMetadata.unwrap(e.getCause());
            throw cause instanceof OAuthException o ? o : new AuthorizationServerException("introspection failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AuthorizationServerException("introspection timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizationServerException("interrupted waiting for introspection", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** @return introspection results cached now (tests) */
    long cachedResults() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    /** The settings, checked by {@link Builder#build()}. */
    private static final class Settings {
        URI endpoint;
        String issuer;
        URI jwksUri;
        String clientId;
        String clientSecret;
        ClientAuthentication authentication = ClientAuthentication.CLIENT_SECRET_BASIC;
        Set<String> audiences = Set.of();
        boolean missingAudienceAccepted;
        List<ClaimPath> roleClaims = List.of();
        boolean signedResponses;
        Clock clock = Clock.systemUTC();
        Duration clockSkew = Duration.ofSeconds(60);
        Duration connectTimeout = Duration.ofSeconds(3);
        Duration requestTimeout = Duration.ofSeconds(5);
        SSLContext sslContext;
        int cacheSize = 2048;
        Duration maxCacheTtl = Duration.ofSeconds(60);
        Duration inactiveCacheTtl = Duration.ofSeconds(5);
        int maxTokenLength = 16 * 1024;
    }

    /**
     * Builds an {@link IntrospectionValidator}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Settings s = new Settings();

        private Builder() {
        }

        /**
         * @param endpoint the introspection endpoint; HTTPS unless the host is a loopback address
         * @return this builder
         */
        public Builder introspectionEndpoint(URI endpoint) {
            s.endpoint = Objects.requireNonNull(endpoint, "introspectionEndpoint");
            return this;
        }

        /**
         * The authorization server: its metadata's {@code introspection_endpoint} is used unless one is configured,
         * and an answer's {@code iss}, when present, must equal it. Required with {@code signedResponses(true)}.
         *
         * @param issuer the issuer identifier
         * @return this builder
         */
        public Builder issuer(String issuer) {
            s.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** @param jwksUri where signed answers' keys are, instead of discovery @return this builder */
        public Builder jwksUri(URI jwksUri) {
            s.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
            return this;
        }

        /** @param clientId this API's client id at the authorization server @return this builder */
        public Builder clientId(String clientId) {
            s.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** @param clientSecret this API's client secret @return this builder */
        public Builder clientSecret(String clientSecret) {
            s.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /** @param authentication how to authenticate; default {@code CLIENT_SECRET_BASIC} @return this builder */
        public Builder clientAuthentication(ClientAuthentication authentication) {
            s.authentication = Objects.requireNonNull(authentication, "clientAuthentication");
            return this;
        }

        /**
         * Accepted audiences: the answer's {@code aud} must name one, and an answer without {@code aud} is refused
         * (unless {@link #acceptMissingAudience}).
         *
         * @param audiences one or more audiences
         * @return this builder
         */
        public Builder audience(String... audiences) {
            s.audiences = Set.copyOf(Arrays.asList(audiences));
            return this;
        }

        /**
         * Accepts answers without {@code aud}, for authorization servers that never send one (RFC 7662 makes it
         * optional). Off by default: with an audience configured, an answer that cannot show the token is for this
         * API is refused. Answers that carry {@code aud} must still name an accepted audience.
         *
         * @param accepted whether answers without {@code aud} pass
         * @return this builder
         */
        public Builder acceptMissingAudience(boolean accepted) {
            s.missingAudienceAccepted = accepted;
            return this;
        }

        /** @param path claim or path that {@code isUserInRole} answers from, as in {@code JwtValidator}'s @return this builder */
        public Builder roleClaim(String path) {
            return roleClaims(Objects.requireNonNull(path, "roleClaim"));
        }

        /** @param paths several role claims whose roles are combined @return this builder */
        public Builder roleClaims(String... paths) {
            List<ClaimPath> parsed = new java.util.ArrayList<>();
            for (String path : paths) {
                parsed.add(ClaimPath.parse(Objects.requireNonNull(path, "roleClaims")));
            }
            s.roleClaims = List.copyOf(parsed);
            return this;
        }

        /** @param signed ask for RFC 9701 JWT answers and verify them with the issuer's JWKS @return this builder */
        public Builder signedResponses(boolean signed) {
            s.signedResponses = signed;
            return this;
        }

        /** @param clock the clock {@code exp} and the cache use @return this builder */
        public Builder clock(Clock clock) {
            s.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param clockSkew tolerance for {@code exp} and {@code nbf}; default 60 s @return this builder */
        public Builder clockSkew(Duration clockSkew) {
            s.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
            return this;
        }

        /** @param timeout connect timeout; default 3 s @return this builder */
        public Builder connectTimeout(Duration timeout) {
            s.connectTimeout = Objects.requireNonNull(timeout, "connectTimeout");
            return this;
        }

        /** @param timeout whole-request timeout; default 5 s @return this builder */
        public Builder requestTimeout(Duration timeout) {
            s.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /** @param sslContext trust store for the endpoint @return this builder */
        public Builder sslContext(SSLContext sslContext) {
            s.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /** @param size cached results; default 2048 @return this builder */
        public Builder cacheSize(int size) {
            s.cacheSize = size;
            return this;
        }

        /** @param ttl longest an active result is cached (never past {@code exp}); default 60 s @return this builder */
        public Builder maxCacheTtl(Duration ttl) {
            s.maxCacheTtl = Objects.requireNonNull(ttl, "maxCacheTtl");
            return this;
        }

        /** @param ttl how long an inactive result is cached; default 5 s @return this builder */
        public Builder inactiveCacheTtl(Duration ttl) {
            s.inactiveCacheTtl = Objects.requireNonNull(ttl, "inactiveCacheTtl");
            return this;
        }

        /**
         * @return the validator
         * @throws IllegalArgumentException naming the first setting that is missing or invalid
         */
        public IntrospectionValidator build() {
            require(s.clientId != null && !s.clientId.isEmpty(), "clientId is required");
            require(s.clientSecret != null && !s.clientSecret.isEmpty(), "clientSecret is required");
            require(s.endpoint != null || s.issuer != null, "introspectionEndpoint or issuer is required");
            require(!s.signedResponses || s.issuer != null, "issuer is required with signedResponses(true)");
            require(s.cacheSize >= 0, "cacheSize must not be negative");
            require(!s.maxCacheTtl.isNegative() && !s.inactiveCacheTtl.isNegative(), "cache TTLs must not be negative");
            require(!s.clockSkew.isNegative() && s.clockSkew.compareTo(Duration.ofMinutes(5)) <= 0, "clockSkew must be 0 to 5 minutes");
            if (s.endpoint != null) {
                HttpDocuments.requireSecure(s.endpoint, "introspectionEndpoint");
            }
            if (s.jwksUri != null) {
                HttpDocuments.requireSecure(s.jwksUri, "jwksUri");
            }
            if (s.issuer != null && (s.endpoint == null || s.signedResponses)) {
                HttpDocuments.requireSecure(URI.create(s.issuer), "issuer (for discovery)");
            }
            return new IntrospectionValidator(s);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("IntrospectionValidator: " + message);
            }
        }
    }
}
