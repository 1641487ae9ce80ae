package dev.jaxrsoauth;

import com.github.benmanes.caffeine.cache.Expiry;

import java.util.function.ToLongFunction;

/** A Caffeine expiry computed from the value when it is written, untouched by reads. */
final class ComputedExpiry<K, V> implements Expiry<K, V> {

    private final ToLongFunction<V> nanosToLive;

    ComputedExpiry(ToLongFunction<V> nanosToLive) {
        this.nanosToLive = nanosToLive;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
        return nanosToLive.applyAsLong(value);
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return nanosToLive.applyAsLong(value);
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
