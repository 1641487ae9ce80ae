package dev.jaxrsoauth;

import java.time.Duration;

/**
 * Remembers which DPoP proofs were used, so that each is accepted once (RFC 9449 §11.1). The default keeps them in
 * this process; to protect a fleet of instances, use one shared store, for example {@code jaxrs-oauth-jcache}'s
 * adapter over the distributed cache you run.
 *
 * <pre>{@code
 * OAuthFeature.builder().issuer(issuer).audience("api").dpopReplayCache(JCacheReplayCache.create(cacheManager, "dpop-jti", window))
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ReplayCache {

    /**
     * Records the key unless it was recorded within its lifetime. Must be atomic: of several concurrent calls with one
     * key (on one instance or on several sharing the store), exactly one returns {@code true}.
     *
     * @param key the proof's identity (a digest of its key's thumbprint and {@code jti}), at most 64 characters
     * @param lifetime how long to remember it: at least the time a proof is accepted, skew included
     * @return {@code true} if this is the first use, {@code false} for a replay
     * @throws AuthorizationServerException if the store cannot answer now (the request gets 500: fail closed)
     */
    boolean firstUse(String key, Duration lifetime);
}
