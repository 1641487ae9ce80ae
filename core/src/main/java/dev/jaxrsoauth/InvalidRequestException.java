package dev.jaxrsoauth;

/**
 * The request carries its credentials in a malformed way (RFC 6750 §3.1 {@code invalid_request}): for example two
 * {@code Authorization} headers, or a token in both the header and the query. Answered with 400.
 *
 * @since 0.1.0
 */
public final class InvalidRequestException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** Message for a request with more than one access token. */
    public static final String MULTIPLE_TOKENS = "The request must carry exactly one access token";
    /** Message for a query string that names {@code access_token} but cannot be decoded. */
    public static final String MALFORMED_QUERY = "The request's query string is malformed";
    /** Message for an {@code Authorization: Bearer} header without a token. */
    public static final String MALFORMED_HEADER = "The Authorization header is malformed";

    /**
     * @param message one of this class's message constants
     * @param detail what exactly failed, for the log
     */
    public InvalidRequestException(String message, String detail) {
        super(message, detail, null);
    }

    @Override
    InvalidRequestException copy() {
        return new InvalidRequestException(getMessage(), detail());
    }

    @Override
    String challengeParameters() {
        return "error=\"invalid_request\"";
    }

    @Override
    public String errorCode() {
        return "invalid_request";
    }

    @Override
    public int status() {
        return 400;
    }
}
