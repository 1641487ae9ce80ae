package dev.jaxrsoauth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * is 500 {@code server_error}. An active answer runs the same claim rules as a JWT ({@code iss} when present,
 * {@code aud}, time claims, access-token markers, {@code token_type}). An answer without {@code exp} is accepted and
 * cached for at most the maximum TTL. With {@code signedResponses(true)} the answer must be a fresh JWT (RFC 9701)
 * signed with a key from the issuer's JWKS.
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

    private final IntrospectionClient client;
    private final ClaimRules rules;
    private final PrincipalMapping mapping;
    private final AsyncCache<String, Outcome> cache;
    private final DpopBinding dpop;
    private final ValidatorFacts facts;
    private final AuthenticationListener listener;
    private final String issuer;
    private final int maxTokenLength;
    /** The endpoint's record: last success, failures since, last failure. Updated as answers arrive. */
    private volatile EndpointRecord endpoint = new EndpointRecord(null, 0, null);
    private final Duration maxWait;
    private final Clock clock;

    private IntrospectionValidator(Builder s) {
        this.client = new IntrospectionClient(s);
        this.rules = new ClaimRules(s.issuer, s.audiences, s.missingAudienceAccepted, s.clock, s.clockSkew, s.scopeClaims);
        this.mapping = new PrincipalMapping(s.scopeClaims, s.roleClaims);
        this.maxTokenLength = s.maxTokenLength;
        this.maxWait = s.maxWait();
        this.dpop = s.dpopBinding();
        this.facts = s.facts(dpop);
        this.listener = s.authenticationListener;
        this.issuer = s.issuer;
        Duration maxTtl = s.maxCacheTtl;
        Duration inactiveTtl = s.inactiveCacheTtl;
        Clock clock = s.clock;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(s.tokenCacheSize)
                .expireAfter(new ComputedExpiry<String, Outcome>(outcome -> {
                    if (outcome.refusal() instanceof AuthorizationServerException) {
                        // server trouble is never cached
                        return 0;
                    }
                    if (outcome.principal() == null) {
                        return inactiveTtl.toNanos();
                    }
                    long untilExp = outcome.expiresAt() == NO_EXPIRY ? Long.MAX_VALUE : TokenCache.nanosUntil(outcome.expiresAt(), clock);
                    return Math.min(untilExp, maxTtl.toNanos());
                }))
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .buildAsync();
    }

    /**
     * @return a builder; {@code clientId}, {@code clientSecret}, an audience (or {@code anyAudience()}) and an endpoint
     *         (or the issuer) are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Validates a bearer token: a DPoP-bound one ({@code cnf.jkt} in the answer) is refused. */
    @Override
    public TokenPrincipal validate(String token) {
        return validate(TokenRequest.bearer(token));
    }

    /** Introspects the token, then checks that its key binding and the request agree (RFC 9449 §6.2 {@code cnf.jkt}). */
    @Override
    public TokenPrincipal validate(TokenRequest request) {
        if (listener == AuthenticationListener.NONE) {
            return validate(request, null);
        }
        return AuthenticationEvent.reported(listener, issuer, request, cacheHit -> validate(request, cacheHit));
    }

    private TokenPrincipal validate(TokenRequest request, boolean[] cacheHit) {
        dpop.checkScheme(request);
        TokenPrincipal principal = introspected(request.token(), cacheHit);
        dpop.check(request, principal.claims());
        return principal;
    }

    DpopBinding dpop() {
        return dpop;
    }

    ValidatorFacts facts() {
        return facts;
    }

    private TokenPrincipal introspected(String token, boolean[] cacheHit) {
        if (token == null || token.isEmpty() || token.length() > maxTokenLength) {
            throw new InvalidTokenException(Reason.MALFORMED, "token empty or longer than " + maxTokenLength);
        }
        boolean[] loaded = new boolean[1];
        long start = System.nanoTime();
        // one request per token however many arrive at once, never holding a lock while it runs; failures are not cached
        CompletableFuture<Outcome> pending = cache.get(token, (key, executor) -> {
            loaded[0] = true;
            return client.introspect(key).thenApply(this::outcome).handle((result, failure) -> failure == null ? result : Outcome.of(failure));
        });
        if (loaded[0]) {
            // attached here, outside the cache's lock: this request made the call, its completion is the endpoint's record
            pending.whenComplete((result, failure) -> {
                record(result);
                report(result, false, Duration.ofNanos(System.nanoTime() - start));
            });
        }
        Outcome outcome = await(pending);
        if (!loaded[0] && cacheHit != null) {
            // answered without a call of its own: from the cache, or by joining a call another request made
            cacheHit[0] = true;
            report(outcome, true, Duration.ZERO);
        }
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

    private synchronized void record(Outcome outcome) {
        if (outcome != null && outcome.refusal() instanceof AuthorizationServerException failure) {
            failed(failure.detail());
        } else {
            endpoint = new EndpointRecord(clock.instant(), 0, null);
        }
    }

    private synchronized void failed(String detail) {
        EndpointRecord last = endpoint;
        endpoint = new EndpointRecord(last.lastSuccess(), last.failures() + 1, LogText.printable(detail));
    }

    /** The endpoint's record, replaced as a whole so that a snapshot never mixes two calls. */
    private record EndpointRecord(Instant lastSuccess, int failures, String lastFailure) {
    }

    /** @return a snapshot of the introspection endpoint: last answer, failures since, the last failure */
    public java.util.List<SourceHealth> health() {
        EndpointRecord now = endpoint;
        Instant success = now.lastSuccess();
        return java.util.List.of(new SourceHealth("introspection", issuer, client.endpointUri(), success,
                success == null ? null : Duration.between(success, clock.instant()), null, null, now.failures(), now.lastFailure(), Set.of(),
                now.failures() == 0));
    }

    private void report(Outcome outcome, boolean cacheHit, Duration elapsed) {
        if (listener == AuthenticationListener.NONE || outcome == null) {
            return;
        }
        AuthenticationEvent.Outcome said = outcome.refusal() instanceof AuthorizationServerException ? AuthenticationEvent.Outcome.FAILED
                : outcome.principal() != null ? AuthenticationEvent.Outcome.ACTIVE : AuthenticationEvent.Outcome.INACTIVE;
        listener.introspected(new AuthenticationEvent.Introspected(client.endpointUri(), said, cacheHit, elapsed));
    }

    private Outcome outcome(Map<String, ?> answer) {
        if (!Boolean.TRUE.equals(answer.get("active"))) {
            return new Outcome(null, 0, null);
        }
        rules.check(answer, ClaimRules.Source.INTROSPECTION);
        return new Outcome(mapping.principal(answer), answer.get("exp") instanceof Number e ? e.longValue() : NO_EXPIRY, null);
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = IssuerMetadata.unwrap(e.getCause());
            throw cause instanceof OAuthException o ? o : new AuthorizationServerException("introspection failed: " + cause, cause);
        } catch (TimeoutException e) {
            failed("no answer within " + maxWait.toMillis() + " ms");
            throw new AuthorizationServerException("introspection timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizationServerException("interrupted waiting for introspection", e);
        }
    }

    /** @return introspection results cached now (tests) */
    long cachedResults() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    /**
     * Builds an {@link IntrospectionValidator}: the settings every validator shares ({@link TokenSettings}) and the
     * introspection endpoint's.
     *
     * @since 0.1.0
     */
    public static final class Builder extends TokenSettings<Builder> {
        URI endpoint;
        URI jwksUri;
        String clientId;
        String clientSecret;
        ClientAuthentication authentication = ClientAuthentication.CLIENT_SECRET_BASIC;
        boolean missingAudienceAccepted;
        boolean signedResponses;
        Duration maxCacheTtl = Duration.ofSeconds(60);
        Duration inactiveCacheTtl = Duration.ofSeconds(5);

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param endpoint the introspection endpoint; HTTPS unless the host is a loopback address
         * @return this builder
         */
        public Builder introspectionEndpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "introspectionEndpoint");
            return this;
        }

        /** @param jwksUri where signed answers' keys are, instead of discovery @return this builder */
        public Builder jwksUri(URI jwksUri) {
            this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
            return this;
        }

        /** @param clientId this API's client id at the authorization server @return this builder */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** @param clientSecret this API's client secret @return this builder */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
            return this;
        }

        /** @param authentication how to authenticate; default {@code CLIENT_SECRET_BASIC} @return this builder */
        public Builder clientAuthentication(ClientAuthentication authentication) {
            this.authentication = Objects.requireNonNull(authentication, "clientAuthentication");
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
            this.missingAudienceAccepted = accepted;
            return this;
        }

        /** @param signed ask for RFC 9701 JWT answers and verify them with the issuer's JWKS @return this builder */
        public Builder signedResponses(boolean signed) {
            this.signedResponses = signed;
            return this;
        }

        /** @param ttl longest an active result is cached (never past {@code exp}); default 60 s @return this builder */
        public Builder maxCacheTtl(Duration ttl) {
            this.maxCacheTtl = Objects.requireNonNull(ttl, "maxCacheTtl");
            return this;
        }

        /** @param ttl how long an inactive or refused result is cached; default 5 s @return this builder */
        public Builder inactiveCacheTtl(Duration ttl) {
            this.inactiveCacheTtl = Objects.requireNonNull(ttl, "inactiveCacheTtl");
            return this;
        }

        /**
         * @return the validator
         * @throws IllegalArgumentException naming the first setting that is missing or invalid
         */
        public IntrospectionValidator build() {
            String owner = "IntrospectionValidator";
            require(owner, clientId != null && !clientId.isEmpty(), "clientId is required");
            require(owner, clientSecret != null && !clientSecret.isEmpty(), "clientSecret is required");
            require(owner, endpoint != null || issuer != null, "introspectionEndpoint or issuer is required");
            require(owner, !signedResponses || issuer != null, "issuer is required with signedResponses(true)");
            checkShared(owner);
            require(owner, !maxCacheTtl.isNegative() && !inactiveCacheTtl.isNegative(), "cache TTLs must not be negative");
            if (endpoint != null) {
                HttpDocuments.requireSecure(endpoint, "introspectionEndpoint");
            }
            if (jwksUri != null) {
                HttpDocuments.requireSecure(jwksUri, "jwksUri");
            }
            if (issuer != null && (endpoint == null || signedResponses)) {
                HttpDocuments.requireSecure(URI.create(issuer), "issuer (for discovery)");
            }
            return new IntrospectionValidator(this);
        }
    }
}
