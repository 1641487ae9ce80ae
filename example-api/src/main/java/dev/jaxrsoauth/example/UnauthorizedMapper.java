package dev.jaxrsoauth.example;

import dev.jaxrsoauth.InvalidTokenException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to customise the 401 body (as the seed does with Flask's {@code errorhandler}): a mapper of your own for
 * {@link InvalidTokenException} wins over the library's. This one keeps the status, the RFC 6750 challenge and the
 * {@code code}/{@code message} fields, and adds a hint.
 */
public class UnauthorizedMapper implements ExceptionMapper<InvalidTokenException> {

    private final String realm;

    /** @param realm the realm the feature was built with */
    public UnauthorizedMapper(String realm) {
        this.realm = realm;
    }

    @Override
    public Response toResponse(InvalidTokenException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", e.errorCode());
        body.put("message", e.getMessage());
        body.put("hint", "Send an access token from the authorization server as 'Authorization: Bearer <token>'");
        return Response.status(e.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, e.challenge(realm))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
