package dev.jaxrsoauth;

import java.net.URI;
import java.time.Duration;

/**
 * The events an {@link AuthenticationListener} receives. Values are bounded: codes and reasons come from fixed lists,
 * issuers are only ever trusted ones, texts from tokens are cut to printable ASCII.
 *
 * @since 0.1.0
 */
public final class AuthenticationEvent {

    private AuthenticationEvent() {
    }

    /** A validation that says, in {@code cacheHit[0]}, whether its cache answered. */
    @FunctionalInterface
    interface Validation {
        TokenPrincipal run(boolean[] cacheHit);
    }

    /**
     * Runs a validation as one outcome for the listener: accepted (with the time spent and whether the cache answered)
     * or rejected (with the refusal), then the result or the refusal as they were.
     *
     * @param issuer the validator's configured issuer, or {@code null}
     */
    static TokenPrincipal reported(AuthenticationListener listener, String issuer, TokenRequest request, Validation validation) {
        long start = System.nanoTime();
        boolean[] cacheHit = new boolean[1];
        try {
            TokenPrincipal principal = validation.run(cacheHit);
            listener.accepted(accepted(principal, issuer, request.scheme(), cacheHit[0], start));
            return principal;
        } catch (OAuthException e) {
            listener.rejected(rejected(e, issuer, start));
            throw e;
        }
    }

    /** @return the refusal as an event: its status, code and reason; the issuer only when the caller vouches for it */
    static Rejected rejected(OAuthException e, String issuer, long startNanos) {
        return new Rejected(e.status(), e.errorCode(), e instanceof InvalidTokenException invalid ? invalid.reason() : null, issuer,
                e instanceof AuthorizationServerException server ? server.errorId() : null, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * @return the accepted token as an event; {@code client_id} (else {@code azp}) bounded and printable; the issuer
     *         only when it is the validator's configured one (an introspection answer's {@code iss} is not checked
     *         without one)
     */
    static Accepted accepted(TokenPrincipal principal, String trustedIssuer, TokenRequest.Scheme scheme, boolean cacheHit, long startNanos) {
        Object client = principal.claims().get("client_id");
        client = client instanceof String ? client : principal.claims().get("azp");
        return new Accepted(trustedIssuer != null && trustedIssuer.equals(principal.issuer()) ? trustedIssuer : null, client instanceof String c ? LogText.printable(c) : null, scheme, cacheHit,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * A token was accepted.
     *
     * @param issuer the token's issuer, when it is a configured (trusted) one; else {@code null}
     * @param clientId its {@code client_id} (or {@code azp}), printable ASCII of at most 64 characters, or {@code null}
     * @param scheme {@code BEARER} or {@code DPOP}
     * @param cacheHit whether the validated-token (or introspection) cache answered, with no signature check or call
     * @param elapsed how long validation took
     */
    public record Accepted(String issuer, String clientId, TokenRequest.Scheme scheme, boolean cacheHit, Duration elapsed) {
    }

    /**
     * A request was refused before a caller was known, or failed with a 500.
     *
     * @param status 400, 401 or 500
     * @param code the error code ({@code invalid_token}, {@code invalid_request}, {@code invalid_dpop_proof},
     *             {@code use_dpop_nonce}, {@code server_error})
     * @param reason why a token was refused, or {@code null} for a 400 or a 500
     * @param issuer the validator's issuer when it has exactly one, else {@code null} (never the token's unverified claim)
     * @param errorId the 500's error id (also in its log line and response), else {@code null}
     * @param elapsed how long it took to refuse
     */
    public record Rejected(int status, String code, InvalidTokenException.Reason reason, String issuer, String errorId, Duration elapsed) {
    }

    /**
     * A valid token was refused by the resource it was sent to.
     *
     * @param status 401 (step-up, DPoP policy), 403, or 500 (a {@code @RequireRule} predicate that threw)
     * @param code the error code ({@code insufficient_scope}, {@code access_denied}, {@code insufficient_user_authentication},
     *             {@code invalid_token}, {@code server_error})
     * @param issuer the token's issuer when it is a configured (trusted) one, else {@code null}
     * @param method the resource method, {@code Class.method}
     */
    public record Denied(int status, String code, String issuer, String method) {
    }

    /** The outcome of an introspection. */
    public enum Outcome {
        /** {@code active: true}. */
        ACTIVE,
        /** {@code active: false}, or an answer the rules refuse. */
        INACTIVE,
        /** The endpoint could not be asked, or answered something unusable. */
        FAILED
    }

    /**
     * An introspection.
     *
     * @param endpoint the endpoint, or {@code null} before discovery found it
     * @param outcome what it said
     * @param cacheHit whether the answer came from the cache (then {@code elapsed} is zero)
     * @param elapsed how long the call took
     */
    public record Introspected(URI endpoint, Outcome outcome, boolean cacheHit, Duration elapsed) {
    }
}
