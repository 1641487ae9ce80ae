package dev.jaxrsoauth;

import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default {@link KeySource}: the issuer's JWKS (from {@code jwksUri} or found by discovery).
 * <ul>
 * <li>The key set is an immutable {@link JwksState} swapped atomically; a lookup never waits on the network while a
 * usable key is cached. Near the end of its lifetime ({@code Cache-Control: max-age}, clamped, else the default) a
 * lookup starts a background refresh.</li>
 * <li>An unknown {@code kid} waits for one refresh shared by every concurrent request. A refresh whose result did not
 * contain the {@code kid} holds further unknown-kid refreshes back for the minimum interval, so a flood of random kids
 * costs one fetch per interval, every kid alike; refreshes that found their kid do not count, so a key rotated in is
 * accepted on its first request, and during a flood by the next refresh at the latest.</li>
 * <li>A {@code kid} that is published for other algorithms is an {@link InvalidTokenException.Reason#ALGORITHM}
 * refusal ({@link JwkSet#find}), without a fetch.</li>
 * <li>Listeners are called after the state is swapped, outside the lock: a slow listener never stalls lookups.</li>
 * <li>A failed, empty or invalid fetch never replaces good keys: they are served up to a maximum staleness, and
 * retries back off. With no usable key a request fails with {@link AuthorizationServerException}, waiting at most for
 * the HTTP timeouts.</li>
 * </ul>
 */
final class JwksKeySource implements KeySource {

    private static final String ACCEPT = "application/jwk-set+json, application/json";

    private final HttpDocuments http;
    private final String issuer;
    private final Set<String> algorithms;
    private final Clock clock;
    private final JwksPolicy policy;
    private final KeySourceListener listener;
    private volatile URI jwksUri;
    private volatile JwksState state;
    /** When an unknown-kid refresh last found nothing new; guarded by {@code this}. */
    private Instant lastFruitlessRefresh = Instant.MIN;
    /** The refresh in progress, shared by everyone who needs it; guarded by {@code this}. */
    private CompletableFuture<JwksState> inFlight;
    /** The listener calls of the last refresh started; guarded by {@code this}. */
    private CompletableFuture<Void> lastDelivery = CompletableFuture.completedFuture(null);
    /** How many refreshes have started; guarded by {@code this}. */
    private long started;

    JwksKeySource(HttpDocuments http, String issuer, URI jwksUri, Set<String> algorithms, Clock clock, JwksPolicy policy) {
        this.http = http;
        this.issuer = issuer;
        this.jwksUri = jwksUri;
        this.algorithms = algorithms;
        this.clock = clock;
        this.policy = policy;
        this.listener = policy.listener();
        this.state = JwksState.EMPTY;
    }

    /**
     * The issuer's JWKS for these settings: the one place a key source, its HTTP client and its timing are put together.
     *
     * @param jwksUri the key set's location, or {@code null} for discovery from {@code settings.issuer}
     */
    static JwksKeySource create(TokenSettings<?> settings, URI jwksUri, Set<String> algorithms, Duration lifetime,
                                Duration refreshInterval, Duration maxStaleness, KeySourceListener listener) {
        JwksPolicy policy = new JwksPolicy(lifetime, refreshInterval, maxStaleness, settings.maxWait(), new GuardedKeySourceListener(listener));
        return new JwksKeySource(HttpDocuments.of(settings), settings.issuer, jwksUri, algorithms, settings.clock, policy);
    }

    /** Starts fetching without waiting; a failure is only reported to the listener. */
    void prefetch() {
        refresh(state, null);
    }

    @Override
    public Optional<PublicKey> find(String keyId, String algorithm) {
        Instant now = clock.instant();
        JwksState current = usable(now);
        Optional<PublicKey> key = current.keys().find(keyId, algorithm);
        if (key.isPresent() || keyId == null) {
            return key;
        }
        String printableKid = LogText.printable(keyId);
        if (!mayRefreshForUnknownKid(now)) {
            listener.unknownKeyId(printableKid, false);
            return Optional.empty();
        }
        listener.unknownKeyId(printableKid, true);
        long missed = startedRefreshes();
        JwksState fresh = await(refresh(current, keyId), current);
        key = fresh.keys().find(keyId, algorithm);
        if (key.isEmpty() && fresh.generation() <= missed && !fresh.forUnknownKid()) {
            // the scheduled refresh we joined began before this miss and may predate the key's publication: ask once
            // more (not after another unknown kid's refresh: a flood would double its fetches)
            fresh = await(refresh(fresh, keyId), fresh);
            key = fresh.keys().find(keyId, algorithm);
        }
        if (key.isEmpty() && fresh.lastFailure() == null && !fresh.keys().contains(keyId)) {
            // only a key set that was actually fetched can say a kid does not exist
            synchronized (this) {
                lastFruitlessRefresh = clock.instant();
            }
        }
        return key;
    }

    /** @return a snapshot of the key set and its fetches */
    SourceHealth health() {
        JwksState current = state;
        Instant now = clock.instant();
        boolean fetched = !current.fetchedAt().equals(Instant.MIN);
        boolean usable = current.hasKeys() && now.isBefore(current.expiresAt().plus(policy.maxStaleness()));
        return new SourceHealth("jwks", issuer, jwksUri, fetched ? current.fetchedAt() : null,
                fetched ? Duration.between(current.fetchedAt(), now) : null, current.hasKeys() ? current.refreshAt() : null,
                current.hasKeys() ? current.expiresAt() : null,
                current.failures(), current.failures() > 0 ? LogText.printable(current.lastFailure()) : null,
                Set.copyOf(current.keys().keyIds()), usable);
    }

    /** @return a state with keys that may be used now, fetching (and waiting) only when there are none */
    private JwksState usable(Instant now) {
        JwksState current = state;
        if (current.hasKeys() && now.isBefore(current.refreshAt())) {
            return current;
        }
        if (current.hasKeys() && now.isBefore(current.expiresAt().plus(policy.maxStaleness()))) {
            if (!now.isBefore(current.nextAttemptAt())) {
                refresh(current, null);
            }
            if (!now.isBefore(current.expiresAt())) {
                listener.staleKeysServed(Duration.between(current.fetchedAt(), now));
            }
            return current;
        }
        if (now.isBefore(current.nextAttemptAt())) {
            throw new AuthorizationServerException("no usable keys; next fetch attempt at " + current.nextAttemptAt()
                    + " after: " + current.lastFailure(), null);
        }
        JwksState fresh = await(refresh(current, null), current);
        if (!fresh.hasKeys() || !now.isBefore(fresh.expiresAt().plus(policy.maxStaleness()))) {
            throw new AuthorizationServerException("no usable keys: " + fresh.lastFailure(), null);
        }
        return fresh;
    }

    private synchronized long startedRefreshes() {
        return started;
    }

    private synchronized boolean mayRefreshForUnknownKid(Instant now) {
        return !now.isBefore(lastFruitlessRefresh.plus(policy.minRefreshInterval())) && !now.isBefore(state.nextAttemptAt());
    }

    /**
     * Joins the refresh in progress, or starts one unless {@code seen} is already outdated.
     *
     * @param unknownKid the kid this refresh is for, or {@code null} for a scheduled refresh
     */
    private CompletableFuture<JwksState> refresh(JwksState seen, String unknownKid) {
        boolean forUnknownKid = unknownKid != null;
        CompletableFuture<JwksState> promise;
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        long generation;
        synchronized (this) {
            if (state != seen) {
                return CompletableFuture.completedFuture(state);
            }
            if (inFlight != null) {
                return inFlight;
            }
            promise = new CompletableFuture<>();
            inFlight = promise;
            lastDelivery = delivered;
            generation = ++started;
        }
        CompletableFuture<HttpDocuments.Document> fetch;
        long fetchStart = System.nanoTime();
        try {
            fetch = fetch();
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        fetch.whenComplete((document, failure) -> {
            Outcome outcome;
            synchronized (this) {
                outcome = failure == null ? fetched(document, generation, forUnknownKid)
                        : failed(IssuerMetadata.unwrap(failure), generation, forUnknownKid);
                state = outcome.state();
                inFlight = null;
                if (forUnknownKid && state.lastFailure() == null && !state.keys().contains(unknownKid)) {
                    // held back from now on, before any waiter wakes: a new unknown kid cannot slip in a second fetch
                    lastFruitlessRefresh = clock.instant();
                }
            }
            // waiters first, then the listener, outside the lock: a slow or broken listener never holds a lookup
            Duration took = Duration.ofNanos(System.nanoTime() - fetchStart);
            try {
                promise.complete(outcome.state());
            } finally {
                try {
                    listener.fetchCompleted(jwksUri, took, outcome.state().lastFailure() == null);
                    outcome.events().run();
                } finally {
                    delivered.complete(null);
                }
            }
        });
        return promise;
    }

    /** A refresh's new state, and the listener calls that announce it. */
    private record Outcome(JwksState state, Runnable events) {
    }

    private CompletableFuture<HttpDocuments.Document> fetch() {
        CompletableFuture<URI> location = jwksUri != null ? CompletableFuture.completedFuture(jwksUri)
                : IssuerMetadata.jwksUri(http, issuer).thenApply(uri -> jwksUri = uri);
        return location.thenCompose(uri -> http.get(uri, ACCEPT));
    }

    /** Called with the lock held; the events run after it is released. */
    private Outcome fetched(HttpDocuments.Document document, long generation, boolean forUnknownKid) {
        Instant now = clock.instant();
        JwkSet keys;
        try {
            keys = JwkSet.parse(document.json(), algorithms);
        } catch (RuntimeException e) {
            return failed(new AuthorizationServerException("key set is invalid: " + e.getMessage(), e), generation, forUnknownKid);
        }
        if (keys.size() == 0) {
            return failed(new AuthorizationServerException("key set has no usable key", null), generation, forUnknownKid);
        }
        Duration lifetime = policy.lifetime(document.headers());
        JwksState previous = state;
        URI uri = jwksUri;
        Set<String> added = new HashSet<>(keys.keyIds());
        added.removeAll(previous.keys().keyIds());
        Set<String> removed = new HashSet<>(previous.keys().keyIds());
        removed.removeAll(keys.keyIds());
        boolean rotated = previous.hasKeys() && (!added.isEmpty() || !removed.isEmpty());
        return new Outcome(JwksState.fetched(keys, now, lifetime, policy.refreshAhead(), generation, forUnknownKid), () -> {
            listener.fetched(uri, keys.keyIds(), lifetime);
            if (rotated) {
                listener.rotated(added, removed);
            }
        });
    }

    /** Called with the lock held: keeps the keys, schedules the next attempt with exponential back-off. */
    private Outcome failed(Throwable failure, long generation, boolean forUnknownKid) {
        String reason = failure instanceof OAuthException e ? e.detail() : String.valueOf(failure);
        URI uri = jwksUri;
        return new Outcome(state.failed(clock.instant(), reason, policy, generation, forUnknownKid), () -> listener.fetchFailed(uri, reason));
    }

    private JwksState await(CompletableFuture<JwksState> refresh, JwksState fallback) {
        try {
            return refresh.get(policy.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException | TimeoutException e) {
            // the HTTP timeouts complete every refresh; this bound is only a guard against a stuck client
            return fallback;
        }
    }

    /** @return the last refresh with its listener calls, or a completed future: lets tests wait without sleeping */
    synchronized CompletableFuture<Void> settled() {
        return lastDelivery;
    }
}
