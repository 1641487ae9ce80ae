package dev.jaxrsoauth;

import java.security.SecureRandom;

/**
 * The token could not be checked because the authorization server's keys or metadata could not be obtained and no
 * usable cached key exists. Not the client's fault: answered with 500 {@code server_error}, with an error id that is
 * also written to the log.
 *
 * @since 0.1.0
 */
public final class AuthorizationServerException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** The fixed message. */
    public static final String MESSAGE = "Problem encountered authorizing the request";

    private static final SecureRandom IDS = new SecureRandom();

    private final String errorId;

    /**
     * @param detail what failed (an address, a status), for the log
     * @param cause the underlying failure, or {@code null}
     */
    public AuthorizationServerException(String detail, Throwable cause) {
        super(MESSAGE, detail, cause);
        this.errorId = Long.toHexString(IDS.nextLong() | Long.MIN_VALUE);
    }

    /** @return a random id that ties the response to the log line */
    public String errorId() {
        return errorId;
    }

    /** A server failure is no challenge to the client: no {@code WWW-Authenticate}. */
    @Override
    String challengeParameters() {
        return null;
    }

    @Override
    public String errorCode() {
        return "server_error";
    }

    @Override
    public int status() {
        return 500;
    }
}
