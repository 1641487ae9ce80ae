package dev.jaxrsoauth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link KeySource}: the issuer's JWKS, fetched on first use (from {@code jwksUri} or found by
 * discovery), kept for a fixed lifetime and refetched when an unknown {@code kid} appears, at most once per minimum
 * interval. Concurrent misses share one fetch. A failed fetch keeps the last good keys.
 */
final class JwksKeySource implements KeySource {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());
    private static final String ACCEPT = "application/jwk-set+json, application/json";

    /** {@code attemptedAt}: the last fetch attempt; {@code expiresAt}: when to fetch again even for known kids. */
    private record Snapshot(JwkSet keys, Instant attemptedAt, Instant expiresAt) {
    }

    private final HttpDocuments http;
    private final String issuer;
    private final Set<String> algorithms;
    private final Clock clock;
    private volatile URI jwksUri;
    private volatile Snapshot snapshot;

    JwksKeySource(HttpDocuments http, String issuer, URI jwksUri, Set<String> algorithms, Clock clock) {
        this.http = http;
        this.issuer = issuer;
        this.jwksUri = jwksUri;
        this.algorithms = algorithms;
        this.clock = clock;
    }

    @Override
    public Optional<PublicKey> find(String keyId, String algorithm) {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current == null || now.isAfter(current.expiresAt())) {
            current = refresh(current);
        }
        Optional<PublicKey> key = current.keys().find(keyId, algorithm);
        boolean unknownKid = key.isEmpty() && keyId != null && !current.keys().contains(keyId);
        if (unknownKid && !now.isBefore(current.attemptedAt().plus(MIN_REFRESH_INTERVAL))) {
            key = refresh(current).keys().find(keyId, algorithm);
        }
        return key;
    }

    /** Fetches unless another thread already replaced {@code seen}; on failure keeps {@code seen} if there is one. */
    private synchronized Snapshot refresh(Snapshot seen) {
        if (snapshot != seen) {
            return snapshot;
        }
        try {
            URI uri = jwksUri;
            if (uri == null) {
                uri = IssuerMetadata.jwksUri(http, issuer);
                jwksUri = uri;
            }
            Map<String, Object> document;
            try {
                document = http.get(uri, ACCEPT);
            } catch (HttpDocuments.NotFound e) {
                throw new AuthorizationServerException("GET " + uri + " answered 404", null);
            }
            JwkSet keys;
            try {
                keys = JwkSet.parse(document, algorithms);
            } catch (IllegalArgumentException e) {
                throw new AuthorizationServerException("JWKS at " + uri + " is invalid: " + e.getMessage(), e);
            }
            if (keys.size() == 0) {
                throw new AuthorizationServerException("JWKS at " + uri + " has no usable key", null);
            }
            Instant now = clock.instant();
            snapshot = new Snapshot(keys, now, now.plus(LIFETIME));
            LOG.log(Level.DEBUG, "JWKS fetched from {0}: {1} usable keys", uri, keys.size());
        } catch (AuthorizationServerException e) {
            if (seen == null) {
                throw e;
            }
            LOG.log(Level.WARNING, "JWKS refresh failed, serving the last good keys: {0}", e.detail());
            // retry no sooner than the minimum interval
            Instant now = clock.instant();
            snapshot = new Snapshot(seen.keys(), now, now.plus(MIN_REFRESH_INTERVAL));
        }
        return snapshot;
    }
}
