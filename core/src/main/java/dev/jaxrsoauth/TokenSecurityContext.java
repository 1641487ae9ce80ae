package dev.jaxrsoauth;

import jakarta.ws.rs.core.SecurityContext;

/**
 * The read-only security context of an authenticated request: the {@link TokenPrincipal}, its roles, the
 * {@code Bearer} scheme, and the transport security of the original context.
 */
final class TokenSecurityContext implements SecurityContext {

    static final String BEARER = "Bearer";

    private final TokenPrincipal principal;
    private final boolean secure;

    TokenSecurityContext(TokenPrincipal principal, SecurityContext original) {
        this.principal = principal;
        this.secure = original != null && original.isSecure();
    }

    @Override
    public TokenPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.roles().contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return BEARER;
    }
}
