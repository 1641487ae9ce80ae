package dev.jaxrsoauth.example;

import dev.jaxrsoauth.RequireClaim;
import dev.jaxrsoauth.Secured;
import dev.jaxrsoauth.StepUp;
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

/** The seed's API: claims reach the methods through the standard {@link SecurityContext}. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DataResource {

    /**
     * @param security the request's security context
     * @return the seed's message with the caller's role and scope
     */
    @GET
    @Path("data")
    @Secured(scopes = "read")
    public Map<String, String> data(@Context SecurityContext security) {
        TokenPrincipal caller = (TokenPrincipal) security.getUserPrincipal();
        String role = caller.claim("role", String.class).orElse("none");
        return Map.of("message", "Data for user role '" + role + "' and scope '" + caller.scope() + "'");
    }

    /** @return a confirmation; needs the {@code write} scope */
    @POST
    @Path("data")
    @Secured(scopes = "write")
    public Map<String, String> write() {
        return Map.of("message", "Data written");
    }

    /**
     * @param security the request's security context
     * @return a greeting for callers whose {@code role} claim is {@code admin}
     */
    @GET
    @Path("admin")
    @Secured
    @RolesAllowed("admin")
    public Map<String, String> admin(@Context SecurityContext security) {
        return Map.of("message", "Hello admin " + security.getUserPrincipal().getName());
    }

    /**
     * @param security the request's security context
     * @return who the caller is: {@code sub}, {@code scopes}, {@code client_id}
     */
    @GET
    @Path("me")
    @Secured
    public Map<String, Object> me(@Context SecurityContext security) {
        TokenPrincipal caller = (TokenPrincipal) security.getUserPrincipal();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("sub", caller.claim("sub", String.class).orElse(null));
        me.put("scopes", caller.scopes());
        me.put("client_id", caller.claim("client_id", String.class).orElse(null));
        return me;
    }

    /**
     * Step-up (RFC 9470): only for a user who authenticated with multi-factor ({@code acr} {@code urn:example:mfa})
     * in the last five minutes; others get 401 {@code insufficient_user_authentication} telling the client so.
     *
     * @param security the request's security context
     * @return the payments
     */
    @GET
    @Path("payments")
    @Secured(scopes = "read")
    @StepUp(acrValues = "urn:example:mfa", maxAge = 300)
    public Map<String, String> payments(@Context SecurityContext security) {
        return Map.of("message", "Payments for " + security.getUserPrincipal().getName());
    }

    /**
     * A claim requirement: only for the finance department; others get 403 {@code access_denied}.
     *
     * @return the reports
     */
    @GET
    @Path("reports")
    @Secured(scopes = "read")
    @RequireClaim(value = "department", anyOf = "finance")
    public Map<String, String> reports() {
        return Map.of("message", "Finance reports");
    }

    /** @return public data, no token needed */
    @GET
    @Path("public")
    public Map<String, String> open() {
        return Map.of("message", "Public data");
    }
}
