package dev.jaxrsoauth;

import java.util.Objects;
import java.util.Optional;

/**
 * No access token, or one that is not acceptable (RFC 6750 §3.1 {@code invalid_token}; RFC 9449 §7.1
 * {@code invalid_dpop_proof}, {@code use_dpop_nonce}). Answered with 401 and a {@code WWW-Authenticate} challenge;
 * when the token is {@linkplain Reason#MISSING missing} the challenge carries no error attribute.
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
        INACTIVE("The access token is not active"),
        /** The DPoP proof is missing, malformed, not for this request, stale or replayed (RFC 9449 §4.3). */
        DPOP_PROOF("The DPoP proof is invalid"),
        /** The DPoP proof lacks the server's current nonce (RFC 9449 §8): retry with the {@code DPoP-Nonce} sent. */
        DPOP_NONCE("The DPoP proof needs the nonce in the DPoP-Nonce header"),
        /**
         * The token's key binding does not match how it was sent: a bound token as {@code Bearer}, an unbound one with
         * {@code DPoP}, a proof of another key than {@code cnf.jkt}, or a binding this library does not support.
         */
        DPOP_BINDING("The access token's key binding does not match the request"),
        /** The resource requires a DPoP-bound token and a proof (RFC 9449 §7.1). */
        DPOP_REQUIRED("This resource requires a DPoP-bound access token");

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
    private final String dpopNonce;

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
        this(reason, detail, cause, null);
    }

    private InvalidTokenException(Reason reason, String detail, Throwable cause, String dpopNonce) {
        super(Objects.requireNonNull(reason, "reason").description(), detail, cause);
        this.reason = reason;
        this.dpopNonce = dpopNonce;
    }

    /** @return a {@link Reason#DPOP_NONCE} refusal that tells the client the nonce to use (RFC 9449 §8) */
    static InvalidTokenException useDpopNonce(String nonce, String detail) {
        return new InvalidTokenException(Reason.DPOP_NONCE, detail, null, Objects.requireNonNull(nonce, "nonce"));
    }

    /** @return the same refusal, a new instance (a cached refusal is answered once per request) */
    @Override
    InvalidTokenException copy() {
        return new InvalidTokenException(reason, detail(), getCause(), dpopNonce);
    }

    /** @return why the token is not accepted */
    public Reason reason() {
        return reason;
    }

    /** @return the nonce a {@link Reason#DPOP_NONCE} refusal sends in the {@code DPoP-Nonce} header, if any */
    public Optional<String> dpopNonce() {
        return Optional.ofNullable(dpopNonce);
    }

    /**
     * Without a token, no error attribute (RFC 6750 §3.1); otherwise the error code and the description. DPoP proof and
     * nonce refusals are {@code DPoP} challenges (RFC 9449 §7.1).
     */
    @Override
    String challengeParameters() {
        return reason == Reason.MISSING ? "" : "error=\"" + errorCode() + "\", error_description=\"" + getMessage() + "\"";
    }

    @Override
    String challengeScheme() {
        return reason == Reason.DPOP_PROOF || reason == Reason.DPOP_NONCE || reason == Reason.DPOP_BINDING
                || reason == Reason.DPOP_REQUIRED ? "DPoP" : "Bearer";
    }

    /** @return {@code invalid_token}, or RFC 9449's {@code invalid_dpop_proof} and {@code use_dpop_nonce} */
    @Override
    public String errorCode() {
        return switch (reason) {
            case DPOP_PROOF -> "invalid_dpop_proof";
            case DPOP_NONCE -> "use_dpop_nonce";
            default -> "invalid_token";
        };
    }

    @Override
    public int status() {
        return 401;
    }
}
