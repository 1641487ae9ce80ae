package dev.jaxrsoauth.testing;

/**
 * How the mock authorization server's JWKS endpoint misbehaves, for outage tests.
 *
 * @since 0.1.0
 */
public enum JwksFault {
    /** Serves the key set. */
    NONE,
    /** Answers 500 with an HTML body. */
    SERVER_ERROR,
    /** Answers 200 with an HTML page instead of JSON (a captive portal or a misrouted proxy). */
    HTML,
    /** Answers 200 with a key set that has no keys. */
    EMPTY,
    /** Closes the connection without answering. */
    RESET,
    /**
     * Answers only after {@link JwksEndpoint#slowDelay(java.time.Duration)} (default 10 s), with the key
     * set as it was when the request arrived.
     */
    SLOW,
    /** Answers 200 with a body of 1 MiB. */
    OVERSIZED,
    /** Answers 302 to another path of the same server, which serves the key set. */
    REDIRECT
}
