package dev.jaxrsoauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;

/**
 * The default {@link ReplayCache}: this process only, each entry kept for its lifetime. Bounded: when full, a new
 * proof is refused (500) rather than an old entry dropped, since a dropped entry could be replayed.
 */
final class InMemoryReplayCache implements ReplayCache {

    private final Cache<String, Long> used;
    private final int maximumSize;

    InMemoryReplayCache(int maximumSize, Clock clock) {
        this.maximumSize = maximumSize;
        this.used = Caffeine.newBuilder()
                .expireAfter(new ComputedExpiry<String, Long>(nanos -> nanos))
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public boolean firstUse(String key, Duration lifetime) {
        if (used.estimatedSize() >= maximumSize) {
            used.cleanUp();
            if (used.estimatedSize() >= maximumSize) {
                throw new AuthorizationServerException("DPoP replay cache full (" + maximumSize + " proofs within their lifetime)", null);
            }
        }
        return used.asMap().putIfAbsent(key, lifetime.toNanos()) == null;
    }
}
