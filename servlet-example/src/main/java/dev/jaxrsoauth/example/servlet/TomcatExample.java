package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.example.ExampleLauncher;
import jakarta.ws.rs.core.Application;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import jakarta.servlet.ServletException;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The example API as a servlet: Jersey's {@link ServletContainer} in an embedded Tomcat 11, the way an API runs in a
 * servlet container. {@code java -cp ... dev.jaxrsoauth.example.servlet.TomcatExample} with the examples' variables.
 */
public final class TomcatExample {

    private TomcatExample() {
    }

    /** Request headers Tomcat accepts in all: twice the default {@code maxTokenLength} (16 KiB), as the other examples. */
    static final int MAX_HEADER_BYTES = 32 * 1024;

    /** Boots an application in Tomcat, at the root context, Jersey's servlet mapped to {@code /*}. */
    public static final ExampleLauncher.Runtime RUNTIME = (application, address, port) -> start(application, address, port, connector -> {
    });

    /**
     * @param application the application
     * @param address the one interface to listen on
     * @param port the port, 0 for any free one
     * @param connector more connector settings (TLS, client certificates)
     * @return the running server
     */
    static ExampleLauncher.Server start(Application application, InetAddress address, int port, Consumer<Connector> connector) {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        ExampleLauncher.Server server = start(address, port, connector, context -> {
            ResourceConfig config = ResourceConfig.forApplication(application)
                    .register(JacksonFeature.class)
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true);
            ServletContainer jersey = new ServletContainer(config) {
                private static final long serialVersionUID = 1L;

                @Override
                public void init() throws ServletException {
                    try {
                        super.init();
                    } catch (ServletException | RuntimeException | Error e) {
                        failed.set(e);
                        throw e;
                    }
                }
            };
            // deployed at start, as a container does with load-on-startup: a deployment error stops the start
            Tomcat.addServlet(context, "jersey", jersey).setLoadOnStartup(1);
            context.addServletMappingDecoded("/*", "jersey");
        });
        if (failed.get() != null) {
            server.close();
            throw new IllegalStateException("the application did not deploy", failed.get());
        }
        return server;
    }

    /**
     * @param deploy what to put in the root context: a servlet, or a container initializer as a WAR would bring
     * @return the running server
     */
    static ExampleLauncher.Server start(InetAddress address, int port, Consumer<Connector> connector, Consumer<Context> deploy) {
        Path base;
        try {
            base = Files.createTempDirectory("jaxrs-oauth-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector http = new Connector();
        http.setPort(port);
        // exactly the interface asked for, never Tomcat's default of every interface
        http.setProperty("address", address.getHostAddress());
        http.setProperty("maxHttpHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        connector.accept(http);
        tomcat.getService().addConnector(http);
        tomcat.setConnector(http);
        Context context = tomcat.addContext("", base.toString());
        deploy.accept(context);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            delete(base);
            throw new IllegalStateException("cannot start Tomcat on " + address.getHostAddress() + ":" + port, e);
        }
        if (http.getLocalPort() < 0) {
            stop(tomcat, base);
            throw new IllegalStateException("cannot listen on " + address.getHostAddress() + ":" + port);
        }
        return new ExampleLauncher.Server() {
            @Override
            public int port() {
                return http.getLocalPort();
            }

            @Override
            public void close() {
                stop(tomcat, base);
            }
        };
    }

    private static void stop(Tomcat tomcat, Path base) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot stop Tomcat", e);
        } finally {
            delete(base);
        }
    }

    private static void delete(Path base) {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** @param args ignored: configuration comes from the environment, as for the other examples */
    public static void main(String[] args) {
        ExampleLauncher.main(RUNTIME, System.getenv());
    }
}
