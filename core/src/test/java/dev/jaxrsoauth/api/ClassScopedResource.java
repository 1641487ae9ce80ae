package dev.jaxrsoauth.api;

import dev.jaxrsoauth.Secured;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Scopes on the class apply to every method; a method's own {@code @Secured} replaces them. */
@Path("/reports")
@Secured(scopes = {"reports", "read"})
@Produces(MediaType.TEXT_PLAIN)
public class ClassScopedResource {

    @GET
    public String list() {
        return "reports";
    }

    @GET
    @Path("export")
    @Secured(scopes = "export")
    public String export() {
        return "export";
    }
}
