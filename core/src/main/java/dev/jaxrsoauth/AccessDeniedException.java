package dev.jaxrsoauth;

/**
 * A valid token that the resource's rules deny for another reason than a missing scope: a role it lacks
 * ({@code @RolesAllowed}) or a resource that nobody may call ({@code @DenyAll}). Answered with 403 and the body code
 * {@code access_denied}; without a {@code WWW-Authenticate} challenge, since RFC 6750 defines no error for it and
 * another token from the same authorization server would not help.
 *
 * @since 0.1.0
 */
public final class AccessDeniedException extends OAuthException {

    private static final long serialVersionUID = 1L;

    /** The fixed message. */
    public static final String MESSAGE = "The access token does not grant access to this resource";

    /** @param detail what was missing, for the log (never the token) */
    public AccessDeniedException(String detail) {
        super(MESSAGE, detail, null);
    }

    @Override
    AccessDeniedException copy() {
        return new AccessDeniedException(detail());
    }

    /** No challenge: neither RFC 6750 nor RFC 9470 has an error code for a role or rule a valid token does not meet. */
    @Override
    String challengeParameters() {
        return null;
    }

    @Override
    public String errorCode() {
        return "access_denied";
    }

    @Override
    public int status() {
        return 403;
    }
}
