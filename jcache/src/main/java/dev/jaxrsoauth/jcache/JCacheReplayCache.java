package dev.jaxrsoauth.jcache;

import dev.jaxrsoauth.AuthorizationServerException;
import dev.jaxrsoauth.ReplayCache;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * DPoP replay protection for a fleet of instances, over the JSR-107 (JCache) cache you already run (Hazelcast,
 * Infinispan, Ehcache clustered, Coherence...): every instance that shares the cache refuses a proof that another one
 * accepted. {@code putIfAbsent} is the one atomic operation it needs; entries expire a fixed time after they are
 * written.
 *
 * <p><b>The cache must never evict.</b> A cache that drops entries when it is full (Hazelcast's JCache keeps 10,000
 * entries by default) forgets proofs that can then be replayed. {@link #create} configures Hazelcast without a size
 * limit and refuses an existing Hazelcast cache that has one; for other providers, configure the cache without a size
 * bound (Infinispan: no {@code memory max-count}; Ehcache: heap sized above your peak) and pass it to {@link #of}.
 * Whatever the provider, a cache whose expiry is shorter than the lifetime asked for is refused.
 *
 * <pre>{@code
 * CacheManager manager = Caching.getCachingProvider().getCacheManager();
 * OAuthFeature.builder().issuer(issuer).audience("api")
 *         .dpopReplayCache(JCacheReplayCache.create(manager, "dpop-proofs", Duration.ofMinutes(5)))
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JCacheReplayCache implements ReplayCache {

    private final Cache<String, Boolean> cache;
    private final Duration lifetime;

    private JCacheReplayCache(Cache<String, Boolean> cache, Duration lifetime) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        checkExpiry(cache, lifetime);
    }

    /**
     * The named cache of the manager, created on first use (by whichever instance comes first) with entries expiring
     * {@code lifetime} after they are written, and, on Hazelcast, no size limit.
     *
     * @param manager the cache manager of your distributed cache
     * @param name the cache's name, the same on every instance
     * @param lifetime how long a proof is remembered: more than the proof lifetime plus twice the clock skew (the
     *                 defaults need 4 minutes and 1 second), with a margin for the members' clocks
     * @return the replay cache
     * @throws IllegalStateException if the cache exists already and would evict entries or expire them too soon
     */
    public static JCacheReplayCache create(CacheManager manager, String name, Duration lifetime) {
        Cache<String, Boolean> cache = manager.getCache(name, String.class, Boolean.class);
        if (cache == null) {
            try {
                cache = HazelcastCaches.isHazelcast(manager)
                        ? HazelcastCaches.create(manager, name, lifetime)
                        : manager.createCache(name, new MutableConfiguration<String, Boolean>().setTypes(String.class, Boolean.class)
                                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                                        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, lifetime.toMillis()))));
            } catch (CacheException e) {
                // another instance created it meanwhile
                cache = manager.getCache(name, String.class, Boolean.class);
                if (cache == null) {
                    throw e;
                }
            }
        }
        if (HazelcastCaches.isHazelcast(manager)) {
            HazelcastCaches.refuseEviction(cache);
        }
        return new JCacheReplayCache(cache, lifetime);
    }

    /**
     * A cache you configured yourself.
     *
     * @param cache a cache whose entries expire {@code lifetime} after they are written and that never evicts
     * @param lifetime that expiry
     * @return the replay cache
     * @throws IllegalStateException if the cache's expiry for new entries is shorter than {@code lifetime}
     */
    public static JCacheReplayCache of(Cache<String, Boolean> cache, Duration lifetime) {
        return new JCacheReplayCache(cache, lifetime);
    }

    /** A cache that forgets entries before the lifetime the library relies on is unusable: refused at start. */
    private static void checkExpiry(Cache<String, Boolean> cache, Duration lifetime) {
        @SuppressWarnings("unchecked")
        CompleteConfiguration<String, Boolean> configuration = cache.getConfiguration(CompleteConfiguration.class);
        javax.cache.expiry.Duration expiry = configuration.getExpiryPolicyFactory().create().getExpiryForCreation();
        if (expiry != null && !expiry.isEternal() && expiry.getTimeUnit().toMillis(expiry.getDurationAmount()) < lifetime.toMillis()) {
            throw new IllegalStateException("JCache replay cache " + cache.getName() + " expires entries after "
                    + expiry.getTimeUnit().toMillis(expiry.getDurationAmount()) + " ms, less than " + lifetime);
        }
    }

    /**
     * @throws AuthorizationServerException when the cache forgets proofs sooner than they are accepted, or cannot
     *                                      answer: the request fails closed with 500, never accepts a possible replay
     */
    @Override
    public boolean firstUse(String key, Duration needed) {
        if (needed.compareTo(lifetime) > 0) {
            throw new AuthorizationServerException("JCache replay cache " + cache.getName() + " forgets proofs after " + lifetime
                    + ", but they are accepted for " + needed, null);
        }
        try {
            return cache.putIfAbsent(key, Boolean.TRUE);
        } catch (CacheException | IllegalStateException e) {
            throw new AuthorizationServerException("JCache replay cache " + cache.getName() + " failed: " + e, e);
        }
    }
}
