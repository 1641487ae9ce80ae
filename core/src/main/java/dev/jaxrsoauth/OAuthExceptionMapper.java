package dev.jaxrsoauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps every {@link OAuthException} to the RFC 6750 §3 response: status, {@code WWW-Authenticate} challenges
 * ({@link Challenges}), the {@code DPoP-Nonce} a nonce refusal names, and a
 * JSON body {@code {"code": ..., "message": ...}}. Mapped by the base type so that a user's mapper for any subtype is
 * closer to the exception and wins.
 */
final class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    private final Authenticator authenticator;

    /** The request's headers, for an exception thrown outside the filters: whether it used the DPoP scheme. */
    @Context
    private HttpHeaders headers;

    /** The request's base URI, for an exception thrown outside the filters: where the resource metadata is. */
    @Context
    private UriInfo uriInfo;

    /** @param authenticator what builds the challenges of an exception no filter answered */
    OAuthExceptionMapper(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Response toResponse(OAuthException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        // recorded by the filter that refused the request; thrown elsewhere (a resource method), built here
        List<String> challenges = e.challenges() != null ? e.challenges()
                : authenticator.challenges(e, headers == null ? null : headers.getRequestHeader(HttpHeaders.AUTHORIZATION),
                        uriInfo == null ? null : uriInfo.getBaseUri(), DpopPolicy.APPLICATION);
        for (String challenge : challenges) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        if (e instanceof InvalidTokenException refusal) {
            refusal.dpopNonce().ifPresent(nonce -> response.header(DpopNonceFilter.HEADER, nonce));
        }
        return response.entity(body(e)).build();
    }


    static String body(OAuthException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", e.errorCode());
        body.put("message", e.getMessage());
        if (e instanceof AuthorizationServerException server) {
            body.put("error_id", server.errorId());
        }
        try {
            return Json.STRICT.writeValueAsString(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
