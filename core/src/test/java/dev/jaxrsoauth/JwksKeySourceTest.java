package dev.jaxrsoauth;

import dev.jaxrsoauth.testing.JwksFault;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import dev.jaxrsoauth.testing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JWKS key source under rotation, floods, faults and outages, counted in fetches. Time moves only by hand. */
class JwksKeySourceTest {

    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration INTERVAL = JwksPolicy.DEFAULT_REFRESH_INTERVAL;
    private static final Duration STALENESS = Duration.ofHours(6);

    private final MutableClock clock = MutableClock.now();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final KeySourceListener recorder = new KeySourceListener() {
        @Override
        public void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
            events.add("fetched " + lifetime.toSeconds());
        }

        @Override
        public void rotated(Set<String> added, Set<String> removed) {
            events.add("rotated +" + added + " -" + removed);
        }

        @Override
        public void fetchFailed(URI uri, String reason) {
            events.add("failed");
        }

        @Override
        public void unknownKeyId(String keyId, boolean refetched) {
            events.add("unknown " + keyId + " " + refetched);
        }

        @Override
        public void staleKeysServed(Duration age) {
            events.add("stale");
        }
    };
    private MockAuthorizationServer as = MockAuthorizationServer.builder().issuerPath("/oauth/v2/anonymous").clock(clock).start();

    @AfterEach
    void stop() {
        as.close();
    }

    private JwksKeySource source(Duration requestTimeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JwksPolicy policy = new JwksPolicy(LIFETIME, INTERVAL, STALENESS, Duration.ofSeconds(10), new GuardedKeySourceListener(recorder));
        return new JwksKeySource(new HttpDocuments(client, requestTimeout), as.issuer(), null, Algorithms.ASYMMETRIC, clock, policy);
    }

    private JwksKeySource source() {
        return source(Duration.ofSeconds(5));
    }

    private static void settle(JwksKeySource source) throws Exception {
        source.settled().get(10, TimeUnit.SECONDS);
    }

    private Optional<PublicKey> rsa(JwksKeySource source) {
        return source.find("rsa-1", "RS256");
    }

    // --- discovery and fetching

    @Test
    void jwksUriIsDiscoveredFromOpenIdConfiguration() {
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock).build();
        assertThat(validator.validate(as.token().sign()).getName()).isEqualTo("user-1");
        assertThat(as.discoveryFetches()).isEqualTo(1);
        assertThat(as.jwks().fetches()).isEqualTo(1);
    }

    @Test
    void discoveryFallsBackToOAuthMetadata() {
        as.close();
        as = MockAuthorizationServer.builder().issuerPath("/tenant").clock(clock).discovery(false, true).start();
        assertThat(rsa(source())).contains(as.key("rsa-1").publicKey());
        assertThat(as.discoveryFetches()).isEqualTo(1);
    }

    @Test
    void metadataNamingAnotherIssuerIsRefused() {
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer() + "/").audience("api").clock(clock).build();
        assertThatThrownBy(() -> validator.validate(as.token().issuer(as.issuer() + "/").sign()))
                .isInstanceOfSatisfying(AuthorizationServerException.class, e -> assertThat(e.detail()).contains("names issuer"));
        assertThat(as.jwks().fetches()).isZero();
    }

    @Test
    void discoveredPlainHttpJwksUriOnAnotherHostIsRefused() {
        as.advertiseJwksUri("http://keys.example.com/jwks");
        assertThatThrownBy(() -> rsa(source()))
                .isInstanceOfSatisfying(AuthorizationServerException.class, e -> assertThat(e.detail()).contains("https"));
    }

    @Test
    void configuredJwksUriSkipsDiscovery() {
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer()).audience("api").jwksUri(as.jwksUri()).clock(clock).build();
        assertThat(validator.validate(as.token("ec-1").sign())).isNotNull();
        assertThat(as.discoveryFetches()).isZero();
    }

    @Test
    void keysAreFetchedLazilyAndOnceForManyLookups() {
        JwksKeySource source = source();
        assertThat(as.jwks().fetches()).isZero();
        for (String kid : new String[] {"rsa-1", "ec-1", "ed-1", "rsa-1"}) {
            assertThat(source.find(kid, as.key(kid).algorithm())).isPresent();
        }
        assertThat(as.jwks().fetches()).isEqualTo(1);
    }

    @Test
    void prefetchFetchesWithoutAToken() throws Exception {
        JwksKeySource source = source();
        source.prefetch();
        settle(source);
        assertThat(as.jwks().fetches()).isEqualTo(1);
        assertThat(events).contains("fetched 300");
    }

    @Test
    void prefetchFailureNeverFailsTheBuild() {
        as.jwks().fault(JwksFault.SERVER_ERROR);
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock).prefetchKeys(true).build();
        assertThat(validator).isNotNull();
    }

    // --- rotation and unknown kids

    @Test
    void rotatedInKeyIsAcceptedOnFirstSightWithExactlyOneFetch() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        SigningKey next = SigningKey.generate("rsa-2", "RS256");
        as.jwks().addKey(next);
        assertThat(source.find("rsa-2", "RS256")).contains(next.publicKey());
        assertThat(as.jwks().fetches()).isEqualTo(2);
        settle(source);
        assertThat(events).contains("rotated +[rsa-2] -[]");
    }

    @Test
    void rotationIsAcceptedRightAfterAScheduledRefresh() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        // a scheduled refresh does not hold back an unknown-kid refresh
        clock.advance(LIFETIME.multipliedBy(9).dividedBy(10));
        rsa(source);
        settle(source);
        SigningKey next = SigningKey.generate("rsa-2", "RS256");
        as.jwks().addKey(next);
        assertThat(source.find("rsa-2", "RS256")).contains(next.publicKey());
        assertThat(as.jwks().fetches()).isEqualTo(3);
    }

    @Test
    void keyPublishedWhileAnOlderRefreshIsInFlightIsStillAccepted() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        as.jwks().fault(JwksFault.SLOW);
        as.jwks().slowDelay(Duration.ofMillis(300));
        clock.advance(LIFETIME.multipliedBy(9).dividedBy(10));
        rsa(source);
        // the background refresh has reached the server and holds the key set without the new key
        assertThat(as.jwks().awaitFetches(2, Duration.ofSeconds(10))).isTrue();
        SigningKey next = SigningKey.generate("rsa-2", "RS256");
        as.jwks().addKey(next);
        assertThat(source.find("rsa-2", "RS256")).contains(next.publicKey());
        assertThat(as.jwks().fetches()).isEqualTo(3);
    }

    @Test
    void removedKeyIsRejectedAfterRefresh() throws Exception {
        JwksKeySource source = source();
        assertThat(source.find("ec-1", "ES256")).isPresent();
        as.jwks().removeKey("ec-1");
        clock.advance(LIFETIME);
        source.find("rsa-1", "RS256");
        settle(source);
        assertThat(source.find("ec-1", "ES256")).isEmpty();
        assertThat(events).contains("rotated +[] -[ec-1]");
    }

    @Test
    void thousandConcurrentRequestsForOneNewKidCostOneFetch() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        SigningKey next = SigningKey.generate("ec-2", "ES256");
        as.jwks().addKey(next);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<PublicKey>>> results = new ArrayList<>();
            Callable<Optional<PublicKey>> lookup = () -> {
                start.await();
                return source.find("ec-2", "ES256");
            };
            for (int i = 0; i < 1000; i++) {
                results.add(pool.submit(lookup));
            }
            start.countDown();
            for (Future<Optional<PublicKey>> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).contains(next.publicKey());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(as.jwks().fetches()).isEqualTo(2);
    }

    @Test
    void tenThousandRandomKidsCostOneFetchPerInterval() {
        JwksKeySource source = source();
        rsa(source);
        for (int i = 0; i < 10_000; i++) {
            assertThat(source.find("random-" + i, "RS256")).isEmpty();
        }
        assertThat(as.jwks().fetches()).isEqualTo(2);
        clock.advance(INTERVAL);
        for (int i = 0; i < 10_000; i++) {
            source.find("again-" + i, "RS256");
        }
        assertThat(as.jwks().fetches()).isEqualTo(3);
        assertThat(rsa(source)).isPresent();
    }

    @Test
    void aKidSentBeforeItsKeyIsPublishedCostsOneRefreshPerIntervalLikeAnyOther() {
        JwksKeySource source = source();
        rsa(source);
        // the attacker guesses the next kid before the authorization server publishes it
        assertThat(source.find("rsa-2", "RS256")).isEmpty();
        SigningKey next = SigningKey.generate("rsa-2", "RS256");
        as.jwks().addKey(next);
        assertThat(source.find("rsa-2", "RS256")).isEmpty();
        assertThat(as.jwks().fetches()).isEqualTo(2);
        clock.advance(INTERVAL);
        assertThat(source.find("rsa-2", "RS256")).contains(next.publicKey());
        assertThat(as.jwks().fetches()).isEqualTo(3);
        assertThat(events).contains("unknown rsa-2 true", "unknown rsa-2 false");
    }

    @Test
    void aKeyRotatedInDuringAFloodOfRandomKidsIsAcceptedWithinOneInterval() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        SigningKey next = SigningKey.generate("rotated", "ES256");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.atomic.AtomicInteger kids = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<Future<?>> attackers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                attackers.add(pool.submit(() -> {
                    while (flooding.get()) {
                        assertThat(source.find("random-" + kids.incrementAndGet(), "RS256")).isEmpty();
                    }
                }));
            }
            // one simulated minute of flood in steps of a second; the key appears 20 s in
            Duration accepted = null;
            for (int second = 1; second <= 60 && accepted == null; second++) {
                clock.advance(Duration.ofSeconds(1));
                int before = kids.get();
                while (kids.get() < before + 200) {
                    Thread.onSpinWait();
                }
                if (second == 20) {
                    as.jwks().addKey(next);
                }
                if (second >= 20) {
                    // the check of this simulated second sees every fetch started in it: the flood's (settled first) and
                    // the one the lookup itself may start (settled before looking again); real threads, simulated time
                    settle(source);
                    boolean found = source.find("rotated", "ES256").isPresent();
                    settle(source);
                    if (found || source.find("rotated", "ES256").isPresent()) {
                        accepted = Duration.ofSeconds(second - 20);
                    }
                }
            }
            flooding.set(false);
            for (Future<?> attacker : attackers) {
                attacker.get(20, TimeUnit.SECONDS);
            }
            assertThat(accepted).as("rotated key accepted; fetches " + as.jwks().fetches() + ", events " + events).isNotNull().isLessThanOrEqualTo(INTERVAL);
            // the flood cost at most one fetch per interval (plus the first fetch, and the one the rotation found)
            long seconds = 20 + accepted.toSeconds();
            assertThat(as.jwks().fetches()).isLessThanOrEqualTo(2 + (int) (seconds / INTERVAL.toSeconds()) + 1);
            assertThat(kids.get()).isGreaterThan(4_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFloodArrivingAtRandomCostsAtMostOneFetchPerInterval() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        int before = as.jwks().fetches();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger kids = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<?>> attackers = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                attackers.add(pool.submit(() -> {
                    while (flooding.get()) {
                        source.find("random-" + kids.incrementAndGet(), "RS256");
                        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.ThreadLocalRandom.current().nextLong(20_000_000));
                    }
                }));
            }
            for (int second = 1; second <= 60; second++) {
                clock.advance(Duration.ofSeconds(1));
                int seen = kids.get();
                while (kids.get() < seen + 100) {
                    Thread.onSpinWait();
                }
            }
            flooding.set(false);
            for (Future<?> attacker : attackers) {
                attacker.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // 60 s at one fetch per 5 s interval, and the first one at once
        assertThat(as.jwks().fetches() - before).isLessThanOrEqualTo(60 / (int) INTERVAL.toSeconds() + 1);
    }

    @Test
    void aSlowOrBrokenListenerNeverHoldsTheRequestThatTriggeredTheFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JwksPolicy policy = new JwksPolicy(LIFETIME, INTERVAL, STALENESS, Duration.ofSeconds(10),
                new GuardedKeySourceListener(new KeySourceListener() {
                    @Override
                    public void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new AssertionError("a listener that throws an Error");
                    }
                }));
        JwksKeySource source = new JwksKeySource(new HttpDocuments(HttpClient.newHttpClient(), Duration.ofSeconds(5)),
                as.issuer(), as.jwksUri(), Algorithms.ASYMMETRIC, clock, policy);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            // the first lookup triggers the fetch; it gets its key while the listener still waits
            Future<Optional<PublicKey>> first = pool.submit(() -> rsa(source));
            assertThat(first.get(5, TimeUnit.SECONDS)).isPresent();
            release.countDown();
            SigningKey next = SigningKey.generate("rsa-2", "RS256");
            as.jwks().addKey(next);
            // the listener's Error was contained: the next refresh completes too
            assertThat(source.find("rsa-2", "RS256")).contains(next.publicKey());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void listenersRunOutsideTheLockSoASlowOneNeverStallsLookups() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JwksPolicy policy = new JwksPolicy(LIFETIME, INTERVAL, STALENESS, Duration.ofSeconds(10),
                new GuardedKeySourceListener(new KeySourceListener() {
                    @Override
                    public void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
                        inListener.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        JwksKeySource source = new JwksKeySource(new HttpDocuments(HttpClient.newHttpClient(), Duration.ofSeconds(5)),
                as.issuer(), as.jwksUri(), Algorithms.ASYMMETRIC, clock, policy);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<PublicKey>> first = pool.submit(() -> rsa(source));
            assertThat(inListener.await(20, TimeUnit.SECONDS)).isTrue();
            // the listener is still busy: lookups (a known kid, an unknown one, another algorithm) answer anyway
            Future<Optional<PublicKey>> second = pool.submit(() -> source.find("ec-1", "ES256"));
            assertThat(second.get(5, TimeUnit.SECONDS)).isPresent();
            assertThat(source.find("ed-1", "EdDSA")).isPresent();
            release.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS)).isPresent();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aKidMissedDuringAFailedRefreshIsNotRememberedAsUnknown() {
        JwksKeySource source = source();
        rsa(source);
        as.jwks().fault(JwksFault.SERVER_ERROR);
        SigningKey next = SigningKey.generate("rsa-2", "RS256");
        as.jwks().addKey(next);
        assertThat(source.find("rsa-2", "RS256")).isEmpty();
        as.jwks().fault(JwksFault.NONE);
        clock.advance(JwksPolicy.FIRST_BACKOFF);
        assertThat(source.find("rsa-2", "RS256")).contains(next.publicKey());
    }

    @Test
    void knownKidWithAnotherAlgorithmCausesNoFetch() {
        JwksKeySource source = source();
        rsa(source);
        assertThatThrownBy(() -> source.find("rsa-1", "PS256")).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.ALGORITHM));
        assertThat(as.jwks().fetches()).isEqualTo(1);
    }

    // --- lifetime

    @Test
    void keysAreRefreshedInTheBackgroundAheadOfExpiry() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        clock.advance(LIFETIME.multipliedBy(8).dividedBy(10));
        assertThat(rsa(source)).isPresent();
        settle(source);
        assertThat(as.jwks().fetches()).isEqualTo(2);
        assertThat(events).doesNotContain("stale");
    }

    @Test
    void cacheControlMaxAgeSetsTheLifetime() throws Exception {
        as.jwks().cacheControl("public, max-age=3600");
        JwksKeySource source = source();
        rsa(source);
        clock.advance(LIFETIME.plusMinutes(10));
        rsa(source);
        settle(source);
        assertThat(as.jwks().fetches()).isEqualTo(1);
        assertThat(events).contains("fetched 3600");
    }

    @Test
    void cacheControlIsClampedToSaneBounds() throws Exception {
        as.jwks().cacheControl("max-age=5");
        JwksKeySource first = source();
        rsa(first);
        settle(first);
        as.jwks().cacheControl("max-age=99999999");
        JwksKeySource second = source();
        rsa(second);
        settle(second);
        as.jwks().cacheControl("no-store");
        JwksKeySource third = source();
        rsa(third);
        settle(third);
        assertThat(events).containsExactly("fetched 60", "fetched 86400", "fetched 60");
    }

    // --- faults and outages

    @ParameterizedTest
    @EnumSource(value = JwksFault.class, names = {"SERVER_ERROR", "HTML", "EMPTY", "RESET", "OVERSIZED", "REDIRECT"})
    void cachedKeysKeepWorkingThroughAFault(JwksFault fault) throws Exception {
        JwksKeySource source = source();
        rsa(source);
        as.jwks().fault(fault);
        clock.advance(LIFETIME.plusSeconds(1));
        assertThat(rsa(source)).isPresent();
        settle(source);
        assertThat(rsa(source)).isPresent();
        assertThat(events).contains("failed", "stale");
        assertThat(as.requestCount(MockAuthorizationServer.MOVED_JWKS_PATH)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = JwksFault.class, names = {"SERVER_ERROR", "HTML", "EMPTY", "RESET", "OVERSIZED", "REDIRECT"})
    void coldStartFaultIsAFast500AndRecoversWhenTheServerDoes(JwksFault fault) {
        JwksKeySource source = source();
        as.jwks().fault(fault);
        assertThatThrownBy(() -> rsa(source)).isInstanceOf(AuthorizationServerException.class);
        int fetches = as.jwks().fetches();
        // within the back-off, requests fail at once without another fetch
        assertThatThrownBy(() -> rsa(source)).isInstanceOf(AuthorizationServerException.class);
        assertThat(as.jwks().fetches()).isEqualTo(fetches);
        as.jwks().fault(JwksFault.NONE);
        clock.advance(JwksPolicy.FIRST_BACKOFF);
        assertThat(rsa(source)).isPresent();
    }

    @Test
    void slowServerIsCutOffByTheRequestTimeout() {
        as.jwks().fault(JwksFault.SLOW);
        as.jwks().slowDelay(Duration.ofSeconds(30));
        JwksKeySource source = source(Duration.ofMillis(300));
        assertThatThrownBy(() -> rsa(source))
                .isInstanceOfSatisfying(AuthorizationServerException.class, e -> assertThat(e.detail()).containsIgnoringCase("timed out"));
    }

    @Test
    void retriesBackOffExponentially() {
        JwksKeySource source = source();
        as.jwks().fault(JwksFault.SERVER_ERROR);
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThatThrownBy(() -> rsa(source)).isInstanceOf(AuthorizationServerException.class);
            clock.advance(JwksPolicy.FIRST_BACKOFF.multipliedBy(1L << attempt).minusMillis(1));
            assertThatThrownBy(() -> rsa(source)).isInstanceOf(AuthorizationServerException.class);
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(as.jwks().fetches()).isEqualTo(4);
    }

    @Test
    void keysPastTheMaximumStalenessAreNotUsed() throws Exception {
        JwksKeySource source = source();
        rsa(source);
        as.jwks().fault(JwksFault.SERVER_ERROR);
        clock.advance(LIFETIME.plus(STALENESS).minusSeconds(1));
        assertThat(rsa(source)).isPresent();
        settle(source);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> rsa(source)).isInstanceOf(AuthorizationServerException.class);
    }

    @Test
    void aThrowingListenerDoesNotBreakTheSource() {
        JwksPolicy policy = new JwksPolicy(LIFETIME, INTERVAL, STALENESS, Duration.ofSeconds(10),
                new GuardedKeySourceListener(new KeySourceListener() {
                    @Override
                    public void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
                        throw new IllegalStateException("listener bug");
                    }
                }));
        JwksKeySource source = new JwksKeySource(new HttpDocuments(HttpClient.newHttpClient(), Duration.ofSeconds(5)),
                as.issuer(), as.jwksUri(), Algorithms.ASYMMETRIC, clock, policy);
        assertThat(rsa(source)).isPresent();
    }
}
