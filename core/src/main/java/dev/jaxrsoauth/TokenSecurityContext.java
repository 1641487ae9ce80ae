package dev.jaxrsoauth;

import jakarta.ws.rs.core.SecurityContext;

/**
 * The read-only security context of an authenticated request: the {@link TokenPrincipal}, its roles, the scheme the
 * token came with ({@code Bearer} or {@code DPoP}), and the transport security of the original context.
 */
final class TokenSecurityContext implements SecurityContext {

    static final String BEARER = "Bearer";
    static final String DPOP = "DPoP";

    private final TokenPrincipal principal;
    private final TokenRequest.Scheme scheme;
    private final boolean secure;

    TokenSecurityContext(TokenPrincipal principal, TokenRequest.Scheme scheme, SecurityContext original) {
        this.principal = principal;
        this.scheme = scheme;
        this.secure = original != null && original.isSecure();
    }

    /** @return the scheme the token came with */
    TokenRequest.Scheme scheme() {
        return scheme;
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
        return scheme == TokenRequest.Scheme.DPOP ? DPOP : BEARER;
    }
}
