package dev.jaxrsoauth;

/**
 * Whether requests may, must or must not present DPoP-bound access tokens (RFC 9449): for the whole application
 * (the {@code dpop} setting) and per resource ({@link Secured#dpop()}).
 *
 * @since 0.1.0
 */
public enum DpopPolicy {
    /** DPoP is not accepted: the {@code DPoP} scheme is another scheme, and bound tokens are refused. */
    OFF,
    /** Bound tokens need a proof; plain bearer tokens still pass (the default). */
    ALLOWED,
    /** Only a DPoP-bound token with a valid proof passes. */
    REQUIRED,
    /** In {@link Secured#dpop()} only: the application's policy. */
    APPLICATION
}
