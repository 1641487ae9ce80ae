package dev.jaxrsoauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Validated tokens, so that a client reusing its access token skips parsing and signature verification. Bounded by
 * entry count; an entry never outlives the token's {@code exp} (plus skew); a hit is served only while the verifying
 * key is still the one the key source returns (the validator then reruns the time rules). Only successes are cached:
 * nothing keyed by attacker input that failed is kept.
 */
final class TokenCache {

    /** What a hit needs: the principal, and which key verified it. */
    record Entry(TokenPrincipal principal, String keyId, String algorithm, PublicKey key) {
    }

    private final Cache<String, Entry> entries;

    TokenCache(int maximumSize, Clock clock, Duration clockSkew) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new ComputedExpiry<String, Entry>(entry ->
                        nanosUntil(entry.principal().expiresAt().getEpochSecond() + clockSkew.getSeconds(), clock)))
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    /** Nanoseconds until an epoch second, capped at a year so that far-future dates cannot overflow. */
    static long nanosUntil(long epochSecond, Clock clock) {
        long seconds = Math.min(epochSecond - clock.instant().getEpochSecond(), Duration.ofDays(365).toSeconds());
        return Math.max(0, Duration.ofSeconds(seconds).toNanos());
    }

    /** @return the cached principal if its key still verifies, else {@code null} */
    TokenPrincipal get(String token, KeySource keys) {
        Entry entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        Optional<PublicKey> current;
        try {
            current = keys.find(entry.keyId(), entry.algorithm());
        } catch (RuntimeException e) {
            // the full path reports it precisely
            return null;
        }
        if (current == null || current.isEmpty() || !current.get().equals(entry.key())) {
            // the key left the key set (or was replaced): verify afresh
            entries.invalidate(token);
            return null;
        }
        return entry.principal();
    }

    void put(String token, Entry entry) {
        entries.put(token, entry);
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
