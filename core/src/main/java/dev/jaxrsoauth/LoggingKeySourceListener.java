package dev.jaxrsoauth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** The default {@link KeySourceListener}: one log line per event; failures at WARNING, the rest at DEBUG. */
final class LoggingKeySourceListener implements KeySourceListener {

    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());

    @Override
    public void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
        LOG.log(Level.DEBUG, () -> "JWKS fetched from " + uri + ": keys " + keyIds + ", cached for " + lifetime);
    }

    @Override
    public void rotated(Set<String> added, Set<String> removed) {
        LOG.log(Level.INFO, () -> "JWKS rotated: added " + added + ", removed " + removed);
    }

    @Override
    public void fetchFailed(URI uri, String reason) {
        LOG.log(Level.WARNING, () -> "JWKS fetch from " + (uri == null ? "issuer metadata" : uri) + " failed: " + reason);
    }

    @Override
    public void unknownKeyId(String keyId, boolean refetched) {
        LOG.log(Level.DEBUG, () -> "unknown kid " + keyId + (refetched ? ", key set refetched" : ", no refetch"));
    }

    @Override
    public void staleKeysServed(Duration age) {
        LOG.log(Level.WARNING, () -> "JWKS could not be refreshed; serving keys fetched " + age.toSeconds() + " s ago");
    }
}
