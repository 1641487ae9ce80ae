package dev.jaxrsoauth.example;

import dev.jaxrsoauth.InvalidTokenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to customise the 401 body (as the seed does with Flask's {@code errorhandler}): a mapper of your own for
 * {@link InvalidTokenException} wins over the library's. Keep what the protocol needs: the status and
 * {@code e.responseHeaders()} (the challenges this request gets, Bearer and DPoP, a {@code DPoP-Nonce},
 * {@code Cache-Control: no-store}); this one keeps the {@code code}/{@code message} fields too, and adds a hint.
 */
public class UnauthorizedMapper implements ExceptionMapper<InvalidTokenException> {

    @Override
    public Response toResponse(InvalidTokenException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", e.errorCode());
        body.put("message", e.getMessage());
        body.put("hint", "Send an access token from the authorization server as 'Authorization: Bearer <token>'"
                + " (or 'Authorization: DPoP <token>' with a 'DPoP' proof)");
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        e.responseHeaders().forEach((name, values) -> values.forEach(value -> response.header(name, value)));
        return response.build();
    }
}
