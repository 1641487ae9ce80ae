package dev.jaxrsoauth;

/**
 * Receives the outcome of every authentication, to count, time or audit it: accepted, rejected (the token or the
 * request), denied (a valid token that a resource's rules refuse), and the calls to an introspection endpoint. Set
 * it with {@code authenticationListener(..)} on the feature's or a validator's builder; without one, nothing is
 * measured and nothing costs. Methods run on request threads, outside any lock, and should return quickly; what they
 * throw is logged and never changes the answer. Events carry no token, and every text from a token is cut to printable
 * ASCII; reasons and codes come from fixed lists.
 *
 * <pre>{@code
 * OAuthFeature.builder().issuer(issuer).audience("api")
 *         .authenticationListener(new AuthenticationListener() {
 *             @Override public void rejected(AuthenticationEvent.Rejected event) { rejections.increment(event.code()); }
 *         })
 *         .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public interface AuthenticationListener {

    /** @param event a token was validated (and, for DPoP, its proof) */
    default void accepted(AuthenticationEvent.Accepted event) {
    }

    /** @param event a request was refused before a caller was known: no, a bad or an unverifiable token; or a 500 */
    default void rejected(AuthenticationEvent.Rejected event) {
    }

    /** @param event a validated caller was refused by the resource's requirements (scopes, roles, claims, step-up, DPoP policy) */
    default void denied(AuthenticationEvent.Denied event) {
    }

    /** @param event an introspection endpoint was called, or its answer came from the cache */
    default void introspected(AuthenticationEvent.Introspected event) {
    }

    /** The listener of no one: every method does nothing. */
    AuthenticationListener NONE = new AuthenticationListener() {
    };

    /** @return a listener that never lets {@code delegate}'s exceptions reach the caller (they are logged) */
    static AuthenticationListener guarded(AuthenticationListener delegate) {
        return delegate == null || delegate == NONE ? NONE : new GuardedAuthenticationListener(delegate);
    }
}
