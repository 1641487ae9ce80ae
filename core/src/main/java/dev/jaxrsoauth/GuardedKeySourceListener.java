package dev.jaxrsoauth;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/** Shields the key source from a user's listener: anything it throws (but a VM error) is logged, never propagated. */
final class GuardedKeySourceListener implements KeySourceListener {

    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());

    private final KeySourceListener delegate;

    GuardedKeySourceListener(KeySourceListener delegate) {
        this.delegate = delegate;
    }

    private static void guard(Runnable call) {
        guard(LOG, "KeySourceListener threw", call);
    }

    /**
     * Runs a user's listener so that nothing it throws (but a VM error) reaches the caller: an {@code Error} from a
     * listener (a linkage or assertion error) must not leave a key source half-updated or change an answer either.
     */
    static void guard(System.Logger log, String what, Runnable call) {
        try {
            call.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.log(Level.WARNING, what, e);
        }
    }

    @Override
    public void fetched(URI uri, Set<String> keyIds, Duration lifetime) {
        guard(() -> delegate.fetched(uri, keyIds, lifetime));
    }

    @Override
    public void fetchCompleted(URI uri, Duration elapsed, boolean success) {
        guard(() -> delegate.fetchCompleted(uri, elapsed, success));
    }

    @Override
    public void rotated(Set<String> added, Set<String> removed) {
        guard(() -> delegate.rotated(added, removed));
    }

    @Override
    public void fetchFailed(URI uri, String reason) {
        guard(() -> delegate.fetchFailed(uri, reason));
    }

    @Override
    public void unknownKeyId(String keyId, boolean refetched) {
        guard(() -> delegate.unknownKeyId(keyId, refetched));
    }

    @Override
    public void staleKeysServed(Duration age) {
        guard(() -> delegate.staleKeysServed(age));
    }
}
