package consumer.resteasy62;

import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.Secured;
import io.undertow.Undertow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;

/** A user's API on RESTEasy, set up as the README's Quick start says. */
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

    private static final class Server extends UndertowJaxrsServer {
        int port() {
            return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }
    }

    public static void main(String[] args) {
        // outside HTTP too: the first build() is where an old Jackson used to fail
        JwtValidator.builder().issuer(System.getenv("OAUTH_ISSUER")).audience("api").build();
        Server server = new Server();
        server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
        ResteasyDeploymentImpl deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(new Api());
        server.deploy(server.undertowDeployment(deployment, "/").setDeploymentName("api").setContextPath("/")
                .setClassLoader(Main.class.getClassLoader()));
        System.out.println("listening on http://127.0.0.1:" + server.port());
    }
}
