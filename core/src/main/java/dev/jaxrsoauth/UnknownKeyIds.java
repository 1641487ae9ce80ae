package dev.jaxrsoauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/** Key ids that a fresh key set did not contain, remembered for a while in bounded memory. */
final class UnknownKeyIds {

    static final int MAX_ENTRIES = 4096;

    private final Cache<String, Boolean> ids;

    UnknownKeyIds(Duration memory, Clock clock) {
        this.ids = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(memory)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    boolean contains(String keyId) {
        return ids.getIfPresent(keyId) != null;
    }

    void add(String keyId) {
        ids.put(keyId, Boolean.TRUE);
    }

    void forget(Collection<String> published) {
        ids.invalidateAll(published);
    }

    int size() {
        ids.cleanUp();
        return (int) ids.estimatedSize();
    }
}
