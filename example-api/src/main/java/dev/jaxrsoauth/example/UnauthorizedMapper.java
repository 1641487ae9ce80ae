package dev.jaxrsoauth.example;

import dev.jaxrsoauth.InvalidTokenException;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to customise the 401 body (as the seed does with Flask's {@code errorhandler}): a mapper of your own for
 * {@link InvalidTokenException} wins over the library's. Keep what the protocol needs: the status, the RFC 6750
 * challenge from {@code e.challenge(realm)} and {@code Cache-Control: no-store}; this one keeps the
 * {@code code}/{@code message} fields too, and adds a hint.
 */
public class UnauthorizedMapper implements ExceptionMapper<InvalidTokenException> {

    @Context
    private Configuration configuration;

    @Override
    public Response toResponse(InvalidTokenException e) {
        Object realm = configuration == null ? null : configuration.getProperty("jaxrs-oauth.realm");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", e.errorCode());
        body.put("message", e.getMessage());
        body.put("hint", "Send an access token from the authorization server as 'Authorization: Bearer <token>'");
        return Response.status(e.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, e.challenge(realm == null ? "api" : realm.toString()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
