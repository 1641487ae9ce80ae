package dev.jaxrsoauth.api;

import dev.jaxrsoauth.Secured;
import dev.jaxrsoauth.TokenPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.util.LinkedHashMap;
import java.util.Map;

/** The seed's API: the endpoints of the design's run contract. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DataResource {

    @GET
    @Path("data")
    @Secured(scopes = "read")
    public Map<String, String> get(@Context SecurityContext security) {
        TokenPrincipal caller = (TokenPrincipal) security.getUserPrincipal();
        String role = caller.claim("role", String.class).orElse("none");
        return Map.of("message", "Data for user role '" + role + "' and scope '" + caller.scope() + "'");
    }

    @POST
    @Path("data")
    @Secured(scopes = "write")
    public Map<String, String> post() {
        return Map.of("message", "Data written");
    }

    @GET
    @Path("admin")
    @Secured
    @RolesAllowed("admin")
    public Map<String, String> admin(@Context SecurityContext security) {
        return Map.of("message", "Hello admin " + security.getUserPrincipal().getName());
    }

    @GET
    @Path("me")
    @Secured
    public Map<String, Object> me(@Context SecurityContext security) {
        TokenPrincipal caller = (TokenPrincipal) security.getUserPrincipal();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("sub", caller.getName());
        me.put("scopes", caller.scopes());
        me.put("client_id", caller.claim("client_id", String.class).orElse(null));
        me.put("scheme", security.getAuthenticationScheme());
        me.put("secure", security.isSecure());
        return me;
    }

    @GET
    @Path("public")
    public Map<String, String> open() {
        return Map.of("message", "Public data");
    }
}
