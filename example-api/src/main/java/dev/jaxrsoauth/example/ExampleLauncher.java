package dev.jaxrsoauth.example;

import dev.jaxrsoauth.IntrospectionValidator;
import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.MultiIssuerValidator;
import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import jakarta.ws.rs.core.Application;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the example API on a runtime: reads the settings, starts the mock authorization server when no
 * {@code OAUTH_ISSUER} is given, builds the {@link OAuthFeature}, and prints ready-to-paste {@code curl} lines.
 */
public final class ExampleLauncher {

    /** Boots an {@link Application} on one Jakarta REST runtime. */
    @FunctionalInterface
    public interface Runtime {
        /**
         * @param application the application
         * @param host the interface
         * @param port the port, 0 for any free one
         * @return the running server
         * @throws Exception if it cannot start
         */
        Server start(Application application, String host, int port) throws Exception;
    }

    /** A running HTTP server. */
    public interface Server extends AutoCloseable {
        /** @return the port it listens on */
        int port();

        @Override
        void close();
    }

    /** The running example: the API server and, without {@code OAUTH_ISSUER}, the mock authorization server. */
    public static final class Running implements AutoCloseable {
        private final Server server;
        private final MockAuthorizationServer authorizationServer;
        private final URI baseUri;

        Running(Server server, MockAuthorizationServer authorizationServer, URI baseUri) {
            this.server = server;
            this.authorizationServer = authorizationServer;
            this.baseUri = baseUri;
        }

        /** @return {@code http://<host>:<port>} */
        public URI baseUri() {
            return baseUri;
        }

        @Override
        public void close() {
            server.close();
            if (authorizationServer != null) {
                authorizationServer.close();
            }
        }
    }

    private ExampleLauncher() {
    }

    /**
     * Starts the example.
     *
     * @param settings the settings
     * @param runtime the runtime to boot on
     * @param out where to print the curl lines
     * @return the running example
     * @throws Exception if the server cannot start
     */
    public static Running start(ExampleSettings settings, Runtime runtime, PrintStream out) throws Exception {
        MockAuthorizationServer mock = settings.issuers().isEmpty() && settings.introspectionUri() == null
                ? MockAuthorizationServer.builder().audience(settings.audience()).start() : null;
        try {
            OAuthFeature feature = feature(settings, mock);
            Application application = settings.protectAll() ? new ProtectAllApplication(feature) : new ExampleApplication(feature);
            Server server = runtime.start(application, settings.host(), settings.port());
            String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
            URI base = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
            out.println("API listening on " + base + (mock != null ? " (mock authorization server at " + mock.issuer() + ")"
                    : settings.introspectionUri() != null ? " (introspection at " + settings.introspectionUri() + ")"
                    : " (issuers " + String.join(", ", settings.issuers()) + ", audience " + settings.audience() + ")"));
            if (mock != null) {
                String token = mock.token().subject("demo-user").scope("read write").claim("role", "admin")
                        .expiresAt(Instant.now().plus(Duration.ofHours(1))).sign();
                out.println("A token for the next hour (scope 'read write', role 'admin'):");
                out.println("  curl -i -H 'Authorization: Bearer " + token + "' " + base + "/api/data");
                out.println("Without a token, a 401:");
                out.println("  curl -i " + base + "/api/data");
            }
            return new Running(server, mock, base);
        } catch (Exception | Error e) {
            if (mock != null) {
                mock.close();
            }
            throw e;
        }
    }

    /** One issuer: the feature's own builder; several: one validator each; introspection: opaque tokens. */
    private static OAuthFeature feature(ExampleSettings settings, MockAuthorizationServer mock) {
        if (settings.introspectionUri() != null) {
            IntrospectionValidator.Builder introspection = IntrospectionValidator.builder()
                    .introspectionEndpoint(settings.introspectionUri())
                    .clientId(settings.clientId()).clientSecret(settings.clientSecret())
                    .audience(settings.audience()).roleClaim(settings.roleClaim());
            if (settings.issuers().size() == 1) {
                introspection.issuer(settings.issuers().get(0));
            }
            return OAuthFeature.of(introspection.build());
        }
        if (settings.issuers().size() > 1) {
            MultiIssuerValidator.Builder multi = MultiIssuerValidator.builder();
            for (String issuer : settings.issuers()) {
                multi.add(JwtValidator.builder().issuer(issuer).audience(settings.audience()).roleClaim(settings.roleClaim()).build());
            }
            return OAuthFeature.of(multi.build());
        }
        OAuthFeature.Builder oauth = OAuthFeature.builder()
                .issuer(mock != null ? mock.issuer() : settings.issuers().get(0))
                .audience(settings.audience())
                .roleClaim(settings.roleClaim());
        if (settings.jwksUri() != null) {
            oauth.jwksUri(settings.jwksUri());
        }
        return oauth.build();
    }

    /**
     * The examples' {@code main}: exits with 1 and a one-line message on bad configuration, stops cleanly on SIGTERM.
     *
     * @param runtime the runtime to boot on
     * @param env the environment
     */
    public static void main(Runtime runtime, Map<String, String> env) {
        Running running;
        try {
            running = start(ExampleSettings.from(env), runtime, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            System.err.println("error: cannot start: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "example-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
