package dev.jaxrsoauth.jcache;

import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MaxSizePolicy;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.CreatedExpiryPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Hazelcast's JCache evicts at 10,000 entries unless told otherwise: caches for replay protection are created without
 * a size limit, and an existing one with a limit is refused. Loaded only when the cache manager is Hazelcast's
 * (Hazelcast is an optional dependency).
 */
final class HazelcastCaches {

    private HazelcastCaches() {
    }

    static boolean isHazelcast(CacheManager manager) {
        return manager.getCachingProvider().getClass().getName().startsWith("com.hazelcast.");
    }

    static Cache<String, Boolean> create(CacheManager manager, String name, Duration lifetime) {
        CacheConfig<String, Boolean> config = new CacheConfig<>(name);
        config.setTypes(String.class, Boolean.class);
        config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, lifetime.toMillis())));
        config.setEvictionConfig(new EvictionConfig().setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT).setSize(Integer.MAX_VALUE)
                .setEvictionPolicy(EvictionPolicy.LRU));
        return manager.createCache(name, config);
    }

    static void refuseEviction(Cache<String, Boolean> cache) {
        @SuppressWarnings("unchecked")
        CacheConfig<String, Boolean> config = cache.getConfiguration(CacheConfig.class);
        EvictionConfig eviction = config.getEvictionConfig();
        if (eviction.getMaxSizePolicy() != MaxSizePolicy.ENTRY_COUNT || eviction.getSize() != Integer.MAX_VALUE) {
            throw new IllegalStateException("Hazelcast cache " + cache.getName() + " evicts (" + eviction.getMaxSizePolicy() + " "
                    + eviction.getSize() + "): a replay store that forgets a proof before it expires lets it be replayed;"
                    + " configure it with eviction size " + Integer.MAX_VALUE + " and max-size-policy ENTRY_COUNT");
        }
    }
}
