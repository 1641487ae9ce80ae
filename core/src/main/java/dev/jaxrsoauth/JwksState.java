package dev.jaxrsoauth;

import java.time.Duration;
import java.time.Instant;

/**
 * One immutable snapshot of the JWKS cache: the keys, when they were fetched, when to refresh them ahead of expiry,
 * when they expire, the failure count and back-off of the refreshes since, and which refresh produced it.
 */
record JwksState(JwkSet keys, Instant fetchedAt, Instant refreshAt, Instant expiresAt,
                 Instant nextAttemptAt, int failures, String lastFailure, long generation, boolean forUnknownKid) {

    static final JwksState EMPTY = new JwksState(JwkSet.EMPTY, Instant.MIN, Instant.MIN, Instant.MIN, Instant.MIN, 0,
            "never fetched", 0, false);

    /**
     * @param generation the sequence number of the refresh that produced it, counted when it started
     * @param forUnknownKid whether that refresh was started for an unknown kid (and so counts against the interval)
     */
    static JwksState fetched(JwkSet keys, Instant now, Duration lifetime, double refreshAhead, long generation, boolean forUnknownKid) {
        Duration early = Duration.ofMillis((long) (lifetime.toMillis() * refreshAhead));
        return new JwksState(keys, now, now.plus(early), now.plus(lifetime), Instant.MIN, 0, null, generation, forUnknownKid);
    }

    JwksState failed(Instant now, String reason, JwksPolicy policy, long generation, boolean forUnknownKid) {
        return new JwksState(keys, fetchedAt, refreshAt, expiresAt, now.plus(policy.backoff(failures + 1)), failures + 1, reason,
                generation, forUnknownKid);
    }

    boolean hasKeys() {
        return keys.size() > 0;
    }
}
