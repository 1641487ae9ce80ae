package dev.jaxrsoauth.example.ee;

import dev.jaxrsoauth.RequireClaim;
import dev.jaxrsoauth.Secured;
import dev.jaxrsoauth.TokenPrincipal;
import dev.jaxrsoauth.cdi.Claim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The example's endpoints, written as a Jakarta EE user writes them: the caller and its claims injected by CDI. */
@Path("/api")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EeResource {

    @Inject
    TokenPrincipal caller;

    @Inject
    @Claim("sub")
    String subject;

    @Inject
    @Claim("client_id")
    Optional<String> clientId;

    @Inject
    @Claim("exp")
    Long expiresAt;

    @Inject
    Greeter greeter;

    /** @return a greeting from an application-scoped service: each request's own caller */
    @GET
    @Path("greeting")
    @Secured
    public Map<String, String> greeting() {
        return Map.of("message", greeter.greet());
    }

    /** @return data for callers with the {@code read} scope */
    @GET
    @Path("data")
    @Secured(scopes = "read")
    public Map<String, String> data() {
        return Map.of("message", "Data for " + caller.getName() + " with scope '" + caller.scope() + "'");
    }

    /** @return who the caller is, from injected claims */
    @GET
    @Path("me")
    @Secured
    public Map<String, Object> me() {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("sub", subject);
        me.put("client_id", clientId.orElse(null));
        me.put("exp", expiresAt);
        me.put("scopes", caller.scopes());
        return me;
    }

    /**
     * A role as a claim requirement.
     *
     * @return a greeting for callers whose {@code role} claim is {@code admin}
     */
    @GET
    @Path("admin")
    @Secured
    @RequireClaim(value = "role", anyOf = "admin")
    public Map<String, String> admin() {
        return Map.of("message", "Hello admin " + subject);
    }

    /**
     * The same with {@code @RolesAllowed}: the library checks it against the configured role claims. Payara's own
     * {@code @RolesAllowed} filter, which would ask the server's login instead, is switched off for this WAR by
     * {@code WEB-INF/payara-web.xml} (see the README).
     *
     * @return a greeting for callers whose {@code role} claim is {@code admin}
     */
    @GET
    @Path("admin-roles")
    @Secured
    @RolesAllowed("admin")
    public Map<String, String> adminByRole() {
        return Map.of("message", "Hello admin " + subject);
    }

    /** @return public data: no token, and no caller to inject */
    @GET
    @Path("public")
    public Map<String, Object> open() {
        Map<String, Object> open = new LinkedHashMap<>();
        open.put("message", "Public data");
        open.put("caller", caller == null ? null : caller.getName());
        return open;
    }
}
