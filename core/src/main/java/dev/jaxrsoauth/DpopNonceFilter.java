package dev.jaxrsoauth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Sends the current DPoP nonce with every response to a request authenticated with DPoP (RFC 9449 §8.2), so clients
 * move to the next nonce before the one they hold expires. Registered only when nonces are on.
 */
final class DpopNonceFilter implements ContainerResponseFilter {

    static final String HEADER = "DPoP-Nonce";

    private final DpopNonces nonces;

    DpopNonceFilter(DpopNonces nonces) {
        this.nonces = nonces;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getSecurityContext() instanceof TokenSecurityContext caller && caller.scheme() == TokenRequest.Scheme.DPOP
                && !response.getHeaders().containsKey(HEADER)) {
            response.getHeaders().putSingle(HEADER, nonces.current());
        }
    }
}
