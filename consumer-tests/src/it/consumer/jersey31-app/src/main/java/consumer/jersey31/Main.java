package consumer.jersey31;

import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.Secured;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/** A user's API on Jersey, set up as the README's Quick start says. */
public final class Main {

    @Path("/hello")
    public static class Hello {
        @GET
        @Secured(scopes = "read")
        @Produces(MediaType.TEXT_PLAIN)
        public String hello(@Context SecurityContext security) {
            return "hello " + security.getUserPrincipal().getName();
        }
    }

    public static class Api extends Application {
        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(OAuthFeature.class, Hello.class);
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of("jaxrs-oauth.issuer", System.getenv("OAUTH_ISSUER"), "jaxrs-oauth.audience", "api");
        }
    }

    public static void main(String[] args) {
        // outside HTTP too: the first build() is where an old Jackson used to fail
        JwtValidator.builder().issuer(System.getenv("OAUTH_ISSUER")).audience("api").build();
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), ResourceConfig.forApplication(new Api()));
        System.out.println("listening on http://127.0.0.1:" + server.getListeners().iterator().next().getPort());
    }
}
