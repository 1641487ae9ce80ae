package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.ExampleLauncher;
import jakarta.ws.rs.core.Application;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;

/** The example API on Jersey and Grizzly: {@code java -jar jersey-example/target/jersey-example.jar}. */
public final class JerseyExample {

    private JerseyExample() {
    }

    /** Request headers Grizzly accepts in all: twice the default {@code maxTokenLength} (16 KiB). */
    static final int MAX_HEADER_BYTES = 32 * 1024;

    /** Boots an application on Jersey + Grizzly. */
    public static final ExampleLauncher.Runtime RUNTIME = JerseyExample::start;

    private static ExampleLauncher.Server start(Application application, InetAddress address, int port) {
        ResourceConfig config = ResourceConfig.forApplication(application)
                .register(JacksonFeature.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + ExampleLauncher.uriHost(address) + ":" + port + "/"), config, false);
        // the listener binds exactly the address asked for (Grizzly would take the bracketed IPv6 host as a name)
        NetworkListener listener = server.getListeners().iterator().next();
        server.removeListener(listener.getName());
        NetworkListener exact = new NetworkListener(listener.getName(), address.getHostAddress(), port);
        // Grizzly's 8 KiB header limit would answer a 16 KiB token (maxTokenLength's default) with a bare 400: let
        // every token up to that length reach the library, which answers with the JSON 401 beyond it
        exact.setMaxHttpHeaderSize(MAX_HEADER_BYTES);
        server.addListener(exact);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port, e);
        }
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
