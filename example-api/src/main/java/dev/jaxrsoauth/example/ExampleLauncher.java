package dev.jaxrsoauth.example;

import dev.jaxrsoauth.DpopPolicy;
import dev.jaxrsoauth.IntrospectionValidator;
import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.MultiIssuerValidator;
import dev.jaxrsoauth.ReplayCache;
import dev.jaxrsoauth.TokenSettings;
import dev.jaxrsoauth.micrometer.OAuthMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import jakarta.ws.rs.core.Application;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the example API on a runtime: reads the settings, starts the mock authorization server when no
 * {@code OAUTH_ISSUER} is given, gives the {@code jaxrs-oauth.*} settings to the application, and prints ready-to-paste
 * {@code curl} lines.
 */
public final class ExampleLauncher {

    /** Boots an {@link Application} on one Jakarta REST runtime. */
    @FunctionalInterface
    public interface Runtime {
        /**
         * @param application the application
         * @param address the interface: exactly this address, never a wildcard the caller did not ask for
         * @param port the port, 0 for any free one
         * @return the running server
         * @throws Exception if it cannot start
         */
        Server start(Application application, InetAddress address, int port) throws Exception;
    }

    /** A running HTTP server. */
    public interface Server extends AutoCloseable {
        /** @return the port it listens on */
        int port();

        @Override
        void close();
    }

    /**
     * The running example: the API server and, without {@code OAUTH_ISSUER}, the mock authorization server; with
     * {@code OAUTH_REPLAY_MEMBERS}, this instance's replay cache member.
     */
    public static final class Running implements AutoCloseable {
        private final Server server;
        private final MockAuthorizationServer authorizationServer;
        private final ReplayCluster cluster;
        private final URI baseUri;

        Running(Server server, MockAuthorizationServer authorizationServer, ReplayCluster cluster, URI baseUri) {
            this.server = server;
            this.authorizationServer = authorizationServer;
            this.cluster = cluster;
            this.baseUri = baseUri;
        }

        /** @return {@code http://<host>:<port>} */
        public URI baseUri() {
            return baseUri;
        }

        /** @return how many replay cache members this instance sees, itself included; 0 without a cluster */
        public int replayMembers() {
            return cluster == null ? 0 : cluster.size();
        }

        @Override
        public void close() {
            server.close();
            if (authorizationServer != null) {
                authorizationServer.close();
            }
            if (cluster != null) {
                cluster.close();
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
        MockAuthorizationServer mock = null;
        ReplayCluster cluster = null;
        try {
            if (settings.issuers().isEmpty() && settings.introspectionUri() == null) {
                mock = MockAuthorizationServer.builder().audience(settings.audience()).start();
            }
            ExampleSettings.Dpop dpop = settings.dpop();
            if (!dpop.replayMembers().isEmpty()) {
                cluster = ReplayCluster.start(dpop.replayHost(), dpop.replayPort(), dpop.replayMembers());
            }
            java.security.Provider provider = cryptoProvider(settings.cryptoProvider(), out);
            Map<String, Object> properties = properties(settings, mock, cluster == null ? null : cluster.replayCache(), provider);
            Application application = settings.protectAll() ? new ProtectAllApplication(properties) : new ExampleApplication(properties);
            Server server = runtime.start(application, settings.host(), settings.port());
            URI base = URI.create("http://" + uriHost(settings.host()) + ":" + server.port());
            out.println("API listening on " + base + (mock != null ? " (mock authorization server at " + mock.issuer() + ")"
                    : settings.introspectionUri() != null ? " (introspection at " + settings.introspectionUri() + ")"
                    : " (issuers " + String.join(", ", settings.issuers()) + ", audience " + settings.audience() + ")"));
            if (cluster != null) {
                out.println("DPoP replay protection shared with " + String.join(", ", dpop.replayMembers())
                        + " (" + cluster.size() + " member(s) up)");
            }
            if (mock != null) {
                String token = mock.token().subject("demo-user").scope("read write").claim("role", "admin")
                        .expiresAt(Instant.now().plus(Duration.ofHours(1))).sign();
                out.println("A token for the next hour (scope 'read write', role 'admin'):");
                out.println("  curl -i -H 'Authorization: Bearer " + token + "' " + base + "/api/data");
                out.println("Without a token, a 401:");
                out.println("  curl -i " + base + "/api/data");
                String mfa = mock.token().subject("demo-user").scope("read").authenticated("urn:example:mfa", Instant.now())
                        .expiresAt(Instant.now().plus(Duration.ofHours(1))).sign();
                out.println("Step-up: /api/payments wants acr urn:example:mfa and a login in the last 5 minutes (this token, for 5 minutes;"
                        + " the one above gets a 401 insufficient_user_authentication):");
                out.println("  curl -i -H 'Authorization: Bearer " + mfa + "' " + base + "/api/payments");
                String finance = mock.token().subject("demo-user").scope("read").claim("department", "finance")
                        .expiresAt(Instant.now().plus(Duration.ofHours(1))).sign();
                out.println("A claim: /api/reports wants department finance (this token; the first one gets a 403):");
                out.println("  curl -i -H 'Authorization: Bearer " + finance + "' " + base + "/api/reports");
                out.println("What the API needs, for clients (RFC 9728):");
                out.println("  curl -i " + base + "/.well-known/oauth-protected-resource");
                if (dpop.policy() != DpopPolicy.OFF) {
                    DpopProofTool.printDemo(mock, settings.publicUrl() != null ? settings.publicUrl() : base, base, dpop.nonces(), out);
                }
            }
            out.println("Operations (open here; protect them in production): " + base + "/metrics (Prometheus), " + base + "/health");
            return new Running(server, mock, cluster, base);
        } catch (Exception | Error e) {
            if (mock != null) {
                mock.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    /**
     * One issuer: the {@code jaxrs-oauth.*} settings as text; several, or introspection: a validator object with the
     * same settings on its builder.
     */
    private static Map<String, Object> properties(ExampleSettings settings, MockAuthorizationServer mock, ReplayCache replay,
                                                  java.security.Provider provider) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("jaxrs-oauth.realm", "api");
        // GET /metrics: every authentication and key-set event, as Micrometer meters in a Prometheus registry
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OAuthMetrics metrics = new OAuthMetrics(registry);
        properties.put(OperationsResource.METRICS, new OperationsResource.Metrics(registry, metrics));
        if (settings.publicUrl() != null) {
            properties.put("jaxrs-oauth.public-url", settings.publicUrl().toString());
        }
        String[] roleClaims = settings.roleClaims().toArray(String[]::new);
        // the public URL is an accepted audience (RFC 8707): the feature adds it to what it builds; here, by hand
        String[] audiences = settings.publicUrl() == null ? new String[] {settings.audience()}
                : new String[] {settings.audience(), settings.publicUrl().toString().replaceAll("/$", ""), settings.publicUrl().toString().replaceAll("/$", "") + "/"};
        if (settings.introspectionUri() != null) {
            IntrospectionValidator.Builder introspection = shared(IntrospectionValidator.builder()
                    .introspectionEndpoint(settings.introspectionUri())
                    .clientId(settings.clientId()).clientSecret(settings.clientSecret()), audiences, roleClaims, settings.dpop(), replay,
                    metrics, provider);
            if (settings.issuers().size() == 1) {
                introspection.issuer(settings.issuers().get(0));
            }
            properties.put("jaxrs-oauth.validator", introspection.build());
        } else if (settings.issuers().size() > 1) {
            MultiIssuerValidator.Builder multi = MultiIssuerValidator.builder().authenticationListener(metrics);
            for (String issuer : settings.issuers()) {
                multi.add(shared(JwtValidator.builder().issuer(issuer).keySourceListener(metrics).prefetchKeys(true), audiences, roleClaims,
                        settings.dpop(), replay, metrics, provider).build());
            }
            properties.put("jaxrs-oauth.validator", multi.build());
        } else {
            properties.put("jaxrs-oauth.issuer", mock != null ? mock.issuer() : settings.issuers().get(0));
            properties.put("jaxrs-oauth.audience", settings.audience());
            properties.put("jaxrs-oauth.role-claims", settings.roleClaims());
            // GET /health answers 200 from the start, or says at once that the keys cannot be fetched
            properties.put("jaxrs-oauth.prefetch-keys", true);
            properties.put("jaxrs-oauth.authentication-listener", metrics);
            properties.put("jaxrs-oauth.key-source-listener", metrics);
            if (provider != null) {
                properties.put("jaxrs-oauth.crypto-provider", provider);
            }
            if (settings.jwksUri() != null) {
                properties.put("jaxrs-oauth.jwks-uri", settings.jwksUri().toString());
            }
            ExampleSettings.Dpop dpop = settings.dpop();
            properties.put("jaxrs-oauth.dpop", dpop.policy());
            properties.put("jaxrs-oauth.dpop-nonces", dpop.nonces());
            if (dpop.nonceSecret() != null) {
                properties.put("jaxrs-oauth.dpop-nonce-secret", dpop.nonceSecret());
            }
            if (replay != null) {
                properties.put("jaxrs-oauth.dpop-replay-cache", replay);
            }
        }
        return properties;
    }

    /** The settings every validator the launcher builds shares: audiences, roles, events, the crypto provider, DPoP. */
    private static <B extends TokenSettings<B>> B shared(B builder, String[] audiences, String[] roleClaims, ExampleSettings.Dpop dpop,
                                                       ReplayCache replay, OAuthMetrics metrics, java.security.Provider provider) {
        builder.audience(audiences).roleClaims(roleClaims).authenticationListener(metrics).dpop(dpop.policy()).dpopNonces(dpop.nonces());
        if (provider != null) {
            builder.cryptoProvider(provider);
        }
        if (dpop.nonceSecret() != null) {
            builder.dpopNonceSecret(dpop.nonceSecret().getBytes(StandardCharsets.UTF_8));
        }
        return replay == null ? builder : builder.dpopReplayCache(replay);
    }

    /**
     * {@code OAUTH_CRYPTO_PROVIDER}: the provider's own way to load it (its native library included). One that cannot
     * load on this platform says so in one line, and the JDK's providers verify instead.
     *
     * @return the provider, or {@code null} for the JDK's
     */
    static java.security.Provider cryptoProvider(String name, PrintStream out) {
        return cryptoProvider(name, out, ExampleLauncher::loadProvider);
    }

    /** A provider's own way to load, which may fail on a platform its native library is not built for. */
    @FunctionalInterface
    interface ProviderLoader {
        java.security.Provider load(String name) throws ReflectiveOperationException;
    }

    static java.security.Provider cryptoProvider(String name, PrintStream out, ProviderLoader loader) {
        if (name.equals("jdk")) {
            return null;
        }
        java.security.Provider provider;
        try {
            provider = loader.load(name);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
            out.println("OAUTH_CRYPTO_PROVIDER=" + name + " cannot load on this platform (" + cause.getClass().getSimpleName()
                    + "): signatures are verified by the JDK's providers");
            return null;
        }
        out.println("Signatures are verified by " + provider.getName() + " " + provider.getVersionStr() + " (OAUTH_CRYPTO_PROVIDER=" + name + ")");
        return provider;
    }

    private static java.security.Provider loadProvider(String name) throws ReflectiveOperationException {
        return switch (name) {
            case "accp" -> {
                Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
                java.security.Provider accp = (java.security.Provider) type.getField("INSTANCE").get(null);
                type.getMethod("assertHealthy").invoke(accp);
                yield accp;
            }
            case "conscrypt" -> (java.security.Provider) Class.forName("org.conscrypt.Conscrypt").getMethod("newProvider").invoke(null);
            case "bc" -> (java.security.Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider").getConstructor().newInstance();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** @return the host part of a URL that reaches the address: loopback for a wildcard, brackets around IPv6 */
    public static String uriHost(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return address instanceof Inet6Address ? "[::1]" : "127.0.0.1";
        }
        return address instanceof Inet6Address ? "[" + compressed(address.getAddress()) + "]" : address.getHostAddress();
    }

    /** RFC 5952 text: the longest run of zero groups (two or more) as {@code ::}, lower-case hex without leading zeros. */
    private static String compressed(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * The examples' {@code main}: exits with 1 and a one-line message on bad configuration, stops cleanly on SIGTERM.
     *
     * @param runtime the runtime to boot on
     * @param env the environment
     */
    public static void main(Runtime runtime, Map<String, String> env) {
        // one line per log record (java.util.logging prints two by default), unless the user chose a format
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
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
