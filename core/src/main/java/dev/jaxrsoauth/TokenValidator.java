package dev.jaxrsoauth;

/**
 * Turns an access token into a verified {@link TokenPrincipal}, or fails. Framework-free: use it wherever a bearer
 * token arrives (HTTP, WebSocket handshakes, message consumers). Implementations are thread-safe.
 *
 * <pre>{@code
 * TokenValidator validator = JwtValidator.builder().issuer(issuer).audience("api").build();
 * TokenPrincipal caller = validator.validate(token);
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TokenValidator {

    /**
     * @param token the access token as sent (without the {@code Bearer} scheme)
     * @return the verified principal, never {@code null}
     * @throws InvalidTokenException if the token is not acceptable
     * @throws AuthorizationServerException if it cannot be checked now (keys unavailable)
     */
    TokenPrincipal validate(String token);

    /**
     * Validates what an HTTP request presents: the seam through which sender-constrained tokens (DPoP, certificate
     * binding) see the request. By default a bearer token is validated with {@link #validate(String)}, and any other
     * scheme is refused as a missing bearer token.
     *
     * @param request the token, its scheme, and the request it came with
     * @return the verified principal, never {@code null}
     * @throws InvalidTokenException if the token is not acceptable
     * @throws AuthorizationServerException if it cannot be checked now (keys unavailable)
     */
    default TokenPrincipal validate(TokenRequest request) {
        if (request.scheme() != TokenRequest.Scheme.BEARER) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MISSING, request.scheme() + " is not accepted by " + getClass().getName());
        }
        return validate(request.token());
    }
}
