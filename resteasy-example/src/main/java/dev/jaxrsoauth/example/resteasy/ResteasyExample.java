package dev.jaxrsoauth.example.resteasy;

import dev.jaxrsoauth.example.ExampleLauncher;
import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The example API on RESTEasy and Undertow: {@code java -jar resteasy-example/target/resteasy-example.jar}. */
public final class ResteasyExample {

    private ResteasyExample() {
    }

    /** Boots an application on RESTEasy + Undertow. */
    public static final ExampleLauncher.Runtime RUNTIME = ResteasyExample::start;

    /** Exposes the Undertow instance to read the port it bound. */
    private static final class Server extends UndertowJaxrsServer implements ExampleLauncher.Server {
        @Override
        public int port() {
            return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }

        @Override
        public void close() {
            stop();
        }
    }

    private static ExampleLauncher.Server start(Application application, InetAddress address, int port) {
        Server server = new Server();
        server.start(Undertow.builder().addHttpListener(port, address.getHostAddress()));
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.setApplication(application);
        try {
            server.deploy(server.undertowDeployment(deployment, "/").setDeploymentName("example").setContextPath("/")
                    .setClassLoader(ResteasyExample.class.getClassLoader()));
        } catch (RuntimeException | Error e) {
            // a refused deployment must not leave the listener open
            server.stop();
            throw e;
        }
        return server;
    }

    /** @param args ignored: configuration comes from the environment (PORT, OAUTH_ISSUER, OAUTH_AUDIENCE, OAUTH_JWKS_URI) */
    public static void main(String[] args) {
        ExampleLauncher.main(RUNTIME, System.getenv());
    }
}
