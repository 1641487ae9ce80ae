package dev.jaxrsoauth;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Receives the events of the default JWKS key source, to log or meter them. Methods are called on request or
 * HTTP client threads and must return quickly; every method does nothing by default. Without a listener of its own,
 * the key source logs these events through {@code System.Logger} ({@code dev.jaxrsoauth.JwksKeySource}).
 *
 * <pre>{@code
 * JwtValidator.builder().issuer(issuer).audience("api")
 *         .keySourceListener(new KeySourceListener() {
 *             @Override public void fetchFailed(URI uri, String reason) { failures.increment(); }
 *         })
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public interface KeySourceListener {

    /**
     * A key set was fetched and replaced the cached one.
     *
     * @param uri the JWKS URI
     * @param keyIds the usable keys' ids
     * @param lifetime how long it is cached (from {@code Cache-Control: max-age}, clamped, or the default)
     */
    default void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
    }

    /**
     * A refresh ended, well or not: how long discovery and the key set's fetch took (to time the authorization server).
     *
     * @param uri the JWKS URI, or {@code null} when discovery had not found it
     * @param elapsed from the start of the refresh to its outcome
     * @param success whether it brought a usable key set
     */
    default void fetchCompleted(URI uri, Duration elapsed, boolean success) {
    }

    /**
     * A fetch brought keys that were not cached before, or dropped cached ones.
     *
     * @param added ids of new keys
     * @param removed ids of keys no longer published
     */
    default void rotated(Set<String> added, Set<String> removed) {
    }

    /**
     * Fetching metadata or the key set failed; cached keys, if any, stay in use.
     *
     * @param uri the address that failed, or {@code null} when discovery had not found the JWKS yet
     * @param reason what failed (status, timeout, size, parse error)
     */
    default void fetchFailed(URI uri, String reason) {
    }

    /**
     * A token named a key id that the key set does not contain.
     *
     * @param keyId the id, trimmed to printable ASCII and at most 64 characters (it is attacker-controlled)
     * @param refetched whether this miss caused a refetch (otherwise the minimum interval or the unknown-kid memory
     *                  held it back)
     */
    default void unknownKeyId(String keyId, boolean refetched) {
    }

    /**
     * Keys past their lifetime were used because the authorization server could not be reached.
     *
     * @param age how long ago they were fetched
     */
    default void staleKeysServed(Duration age) {
    }
}
