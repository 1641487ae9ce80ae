package dev.jaxrsoauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base type of every failure this library reports; {@link OAuthFeature} maps each subtype to an RFC 6750 response.
 * Messages are fixed texts that are safe to show to a client: they never contain the token or a parser's detail.
 * A user's own {@code ExceptionMapper} for a subtype takes precedence over the library's.
 *
 * @since 0.1.0
 */
public abstract class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String detail;
    @SuppressWarnings("rawtypes")
    private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<OAuthException, List> CHALLENGES =
            java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(OAuthException.class, List.class, "challenges");

    /** The challenges of the request this refused, set once by the filter that refused it. */
    private transient volatile List<String> challenges;

    /**
     * @param message the fixed, client-safe text
     * @param detail what exactly failed, for the log at DEBUG (never the token)
     * @param cause the underlying failure, or {@code null}
     */
    protected OAuthException(String message, String detail, Throwable cause) {
        // no stack trace: these are thrown for client input, often by the thousand under attack
        super(message, cause, false, false);
        this.detail = detail;
    }

    /**
     * @return the error code: RFC 6750's {@code invalid_request}, {@code invalid_token}, {@code insufficient_scope}; RFC
     *         9449's {@code invalid_dpop_proof}, {@code use_dpop_nonce}; RFC 9470's {@code insufficient_user_authentication};
     *         {@code access_denied} (a role, claim or rule) and {@code server_error}
     */
    public abstract String errorCode();

    /** @return the HTTP status of the response: 400, 401, 403 or 500 */
    public abstract int status();

    /**
     * The {@code WWW-Authenticate} value for this failure (RFC 6750 §3), for users' own exception mappers that
     * change the body but keep the protocol.
     *
     * @param realm the protection realm: printable ASCII without quotes or backslashes
     * @return the challenge, or {@code null} when the response carries none (500)
     */
    public String challenge(String realm) {
        String parameters = challengeParameters();
        if (parameters == null) {
            return null;
        }
        return challengeScheme() + " realm=\"" + realm + "\"" + (parameters.isEmpty() ? "" : ", " + parameters);
    }

    /**
     * The response headers the protocol needs, for users' own exception mappers that change the body: every
     * {@code WWW-Authenticate} challenge (RFC 6750 §3; with DPoP, RFC 9449 §7.1, one per scheme the resource accepts,
     * {@code Bearer} first, with {@code algs}), the {@code DPoP-Nonce} of a nonce refusal, and
     * {@code Cache-Control: no-store}. For a refusal by this library's filters they are the ones its own mapper
     * sends for that request (realm, DPoP policy, the scheme the request used); for an exception thrown elsewhere,
     * one challenge with realm {@code api}.
     *
     * <pre>{@code
     * Response.ResponseBuilder response = Response.status(e.status()).entity(myBody);
     * e.responseHeaders().forEach((name, values) -> values.forEach(value -> response.header(name, value)));
     * }</pre>
     *
     * @return header names to their values, in order
     */
    public Map<String, List<String>> responseHeaders() {
        List<String> sent = challenges;
        if (sent == null) {
            String challenge = challenge(OAuthFeature.Builder.DEFAULT_REALM);
            sent = challenge == null ? List.of() : List.of(challenge);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (!sent.isEmpty()) {
            headers.put("WWW-Authenticate", sent);
        }
        if (this instanceof InvalidTokenException refusal && refusal.dpopNonce().isPresent()) {
            headers.put(DpopNonceFilter.HEADER, List.of(refusal.dpopNonce().get()));
        }
        headers.put("Cache-Control", List.of("no-store"));
        return java.util.Collections.unmodifiableMap(headers);
    }

    /** @return the challenges recorded for the refused request, or {@code null} when it was thrown elsewhere */
    List<String> challenges() {
        return challenges;
    }

    /**
     * Records the refused request's challenges. An exception already answered for another request (one instance
     * thrown twice, by a cache or a custom validator) is copied, so each request gets its own; a subclass of yours that
     * this library cannot copy keeps the first request's.
     *
     * @return this exception, or its copy carrying these challenges
     */
    OAuthException answer(List<String> requestChallenges) {
        List<String> mine = List.copyOf(requestChallenges);
        if (CHALLENGES.compareAndSet(this, null, mine) || mine.equals(challenges)) {
            return this;
        }
        OAuthException fresh = copy();
        if (fresh != this) {
            fresh.challenges = mine;
        }
        return fresh;
    }

    /** @return the same refusal as a new instance, or this one for a type this library does not know */
    OAuthException copy() {
        return this;
    }

    /** @return the challenge's scheme: {@code Bearer}, or {@code DPoP} for a failure only DPoP has (RFC 9449 §7.1) */
    String challengeScheme() {
        return "Bearer";
    }

    /** @return the challenge's parameters after the realm ({@code error=...}), empty for none, {@code null} for no challenge */
    String challengeParameters() {
        return "";
    }

    /** @return what exactly failed, for logs (never contains the token) */
    public String detail() {
        return detail;
    }
}
