package dev.jaxrsoauth;

import java.util.Objects;

/**
 * No access token, or one that is not acceptable (RFC 6750 §3.1 {@code invalid_token}). Answered with 401 and a
 * {@code WWW-Authenticate: Bearer} challenge; when the token is {@linkplain Reason#MISSING missing} the challenge
 * carries no error attribute.
 *
 * @since 0.1.0
 */
public final class InvalidTokenException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** Why a token was not accepted; each reason has a fixed, client-safe description. */
    public enum Reason {
        /** The request carries no bearer token. */
        MISSING("An access token is required"),
        /** Not a well-formed signed JWT (encoding, JSON, size, JWE or unsigned). */
        MALFORMED("The access token is malformed"),
        /** The signing algorithm is not accepted, or does not fit the key. */
        ALGORITHM("The access token signing algorithm is not accepted"),
        /** No key of the issuer matches the token's key id. */
        UNKNOWN_KEY("The access token signing key is unknown"),
        /** The signature does not verify. */
        SIGNATURE("The access token signature is invalid"),
        /** The {@code typ} header is not an accepted access token type (RFC 8725 §3.11). */
        TYPE("The access token type is not accepted"),
        /** {@code exp} is in the past. */
        EXPIRED("The access token has expired"),
        /** {@code nbf} or {@code iat} is in the future. */
        NOT_YET_VALID("The access token is not yet valid"),
        /** {@code iss} is not the trusted issuer. */
        ISSUER("The access token issuer is not trusted"),
        /** {@code aud} names none of the accepted audiences. */
        AUDIENCE("The access token audience is not accepted"),
        /** A required claim is missing or has the wrong type, or the token is sender-constrained. */
        CLAIMS("The access token claims are invalid"),
        /** Introspection (RFC 7662) answered {@code active: false}: revoked, expired or never issued. */
        INACTIVE("The access token is not active");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        /** @return the fixed text used as {@code error_description} and body message */
        public String description() {
            return description;
        }
    }

    private final Reason reason;

    /**
     * @param reason why the token is not accepted
     * @param detail what exactly failed, for the log (never the token)
     */
    public InvalidTokenException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    /**
     * @param reason why the token is not accepted
     * @param detail what exactly failed, for the log (never the token)
     * @param cause the parser's exception, or {@code null}
     */
    public InvalidTokenException(Reason reason, String detail, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").description(), detail, cause);
        this.reason = reason;
    }

    /** @return why the token is not accepted */
    public Reason reason() {
        return reason;
    }

    /** Without a token, no error attribute (RFC 6750 §3.1); otherwise {@code invalid_token} and the description. */
    @Override
    public String challenge(String realm) {
        return reason == Reason.MISSING ? super.challenge(realm)
                : super.challenge(realm) + ", error=\"invalid_token\", error_description=\"" + getMessage() + "\"";
    }

    @Override
    public String errorCode() {
        return "invalid_token";
    }

    @Override
    public int status() {
        return 401;
    }
}
