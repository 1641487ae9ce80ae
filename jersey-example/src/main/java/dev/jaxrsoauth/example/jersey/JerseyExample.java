package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.ExampleLauncher;
import jakarta.ws.rs.core.Application;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

import java.net.URI;

/** The example API on Jersey and Grizzly: {@code java -jar jersey-example/target/jersey-example.jar}. */
public final class JerseyExample {

    private JerseyExample() {
    }

    /** Boots an application on Jersey + Grizzly, with Jersey's own {@code @RolesAllowed} support. */
    public static final ExampleLauncher.Runtime RUNTIME = JerseyExample::start;

    private static ExampleLauncher.Server start(Application application, String host, int port) {
        ResourceConfig config = ResourceConfig.forApplication(application)
                .register(JacksonFeature.class)
                .register(RolesAllowedDynamicFeature.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://" + host + ":" + port + "/"), config);
        return new ExampleLauncher.Server() {
            @Override
            public int port() {
                return server.getListeners().iterator().next().getPort();
            }

            @Override
            public void close() {
                server.shutdownNow();
            }
        };
    }

    /** @param args ignored: configuration comes from the environment (PORT, OAUTH_ISSUER, OAUTH_AUDIENCE, OAUTH_JWKS_URI) */
    public static void main(String[] args) {
        ExampleLauncher.main(RUNTIME, System.getenv());
    }
}
