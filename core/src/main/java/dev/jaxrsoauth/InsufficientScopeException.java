package dev.jaxrsoauth;

import java.util.Set;

/**
 * A valid token lacks a scope the resource requires (RFC 6750 §3.1 {@code insufficient_scope}). Answered with 403
 * and a challenge that names the required scopes.
 *
 * @since 0.1.0
 */
public final class InsufficientScopeException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** The fixed message. */
    public static final String MESSAGE = "The access token does not grant the scope this resource requires";

    private final Set<String> requiredScopes;

    /**
     * @param requiredScopes every scope the resource requires
     * @param detail which scopes were missing, for the log
     */
    public InsufficientScopeException(Set<String> requiredScopes, String detail) {
        super(MESSAGE, detail, null);
        // each goes into the quoted scope parameter: RFC 6749 §3.3 scope tokens only
        this.requiredScopes = AuthorizationFeature.validated(requiredScopes.toArray(String[]::new));
    }

    @Override
    InsufficientScopeException copy() {
        return new InsufficientScopeException(requiredScopes, detail());
    }

    /** @return every scope the resource requires, in declaration order */
    public Set<String> requiredScopes() {
        return requiredScopes;
    }

    /** Names every required scope (RFC 6750 §3.1). */
    @Override
    String challengeParameters() {
        return "error=\"insufficient_scope\", scope=\"" + String.join(" ", requiredScopes) + "\"";
    }

    @Override
    public String errorCode() {
        return "insufficient_scope";
    }

    @Override
    public int status() {
        return 403;
    }
}
