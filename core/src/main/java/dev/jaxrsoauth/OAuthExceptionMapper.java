package dev.jaxrsoauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps every {@link OAuthException} to the RFC 6750 §3 response: status, {@code WWW-Authenticate} challenge and a
 * JSON body {@code {"code": ..., "message": ...}}. Mapped by the base type so that a user's mapper for any subtype is
 * closer to the exception and wins.
 */
final class OAuthExceptionMapper implements ExceptionMapper<OAuthException> {

    private final String realm;

    OAuthExceptionMapper(String realm) {
        this.realm = realm;
    }

    @Override
    public Response toResponse(OAuthException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        String challenge = e.challenge(realm);
        if (challenge != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
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
