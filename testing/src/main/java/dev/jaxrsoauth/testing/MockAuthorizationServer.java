package dev.jaxrsoauth.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth 2.0 authorization server for tests: serves OpenID Connect discovery, RFC 8414 metadata and a JWKS on
 * {@code 127.0.0.1} (ephemeral port), and mints access tokens with its keys. Counts every fetch so tests can assert
 * how often a client came back.
 *
 * <pre>{@code
 * try (MockAuthorizationServer server = MockAuthorizationServer.start()) {
 *     String token = server.token().scope("read write").sign();
 *     // point the API at server.issuer() with audience server.audience()
 * }
 * }</pre>
 *
 * <p>Keys: {@code rsa-1} (RS256, the default), {@code ec-1} (ES256) and {@code ed-1} (EdDSA / Ed25519); the key set
 * and its faults are {@link #jwks()}, the introspection endpoint {@link #introspection()}.
 *
 * @since 0.1.0
 */
public final class MockAuthorizationServer implements AutoCloseable {

    /** Path of the JWKS document. */
    public static final String JWKS_PATH = JwksEndpoint.PATH;
    /** Where {@link JwksFault#REDIRECT} points: serves the key set too, so a followed redirect would succeed. */
    public static final String MOVED_JWKS_PATH = JwksEndpoint.MOVED_PATH;

    private final HttpServer http;
    private final ExecutorService executor;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final boolean openIdDiscovery;
    private final boolean oauthMetadata;
    private final SigningKey defaultKey;
    private final JwksEndpoint jwks;
    private final IntrospectionEndpoint introspection;
    private final AtomicInteger discoveryFetches = new AtomicInteger();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile String advertisedJwksUri;

    private MockAuthorizationServer(Builder b) throws IOException {
        this.clock = b.clock;
        this.audience = b.audience;
        this.openIdDiscovery = b.openIdDiscovery;
        this.oauthMetadata = b.oauthMetadata;
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "mock-authorization-server");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        this.issuer = root() + b.issuerPath;
        this.jwks = new JwksEndpoint(this);
        this.introspection = new IntrospectionEndpoint(this, clock);
        this.defaultKey = SigningKey.generate("rsa-1", "RS256");
        jwks.addKey(defaultKey);
        jwks.addKey(SigningKey.generate("ec-1", "ES256"));
        jwks.addKey(SigningKey.generate("ed-1", "EdDSA"));
        http.createContext("/", this::handle);
        http.start();
    }

    /**
     * Starts a server with the defaults: issuer {@code http://127.0.0.1:<port>}, audience {@code api}.
     *
     * @return the running server
     */
    public static MockAuthorizationServer start() {
        return builder().start();
    }

    /** @return a builder for a server with a custom issuer path, audience, clock or discovery documents */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the issuer identifier ({@code iss} of every minted token) */
    public String issuer() {
        return issuer;
    }

    /** @return the audience minted tokens carry by default */
    public String audience() {
        return audience;
    }

    /** @return the JWKS URI */
    public URI jwksUri() {
        return jwks.uri();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String root() {
        return "http://" + http.getAddress().getAddress().getHostAddress() + ":" + http.getAddress().getPort();
    }

    /** @return a builder for a valid access token signed with the default key ({@code rsa-1}, RS256) */
    public TokenBuilder token() {
        return new TokenBuilder(defaultKey, issuer, audience, clock.instant());
    }

    /**
     * A builder for a valid access token signed with a published key.
     *
     * @param keyId {@code rsa-1}, {@code ec-1}, {@code ed-1} or a key added with {@code jwks().addKey}
     * @return the builder
     */
    public TokenBuilder token(String keyId) {
        return token().signedWith(key(keyId));
    }

    /**
     * A valid DPoP proof for a request, by this server's clock; add {@code accessToken(..)} and, with nonces,
     * {@code nonce(..)}.
     *
     * @param clientKey the client's DPoP key
     * @param method the request's method
     * @param uri the request's URI
     * @return the proof builder
     */
    public DpopProof dpopProof(SigningKey clientKey, String method, URI uri) {
        return DpopProof.create(clientKey, method, uri, clock.instant());
    }

    /**
     * @param keyId a published key id
     * @return that key
     */
    public SigningKey key(String keyId) {
        return jwks.key(keyId);
    }

    /** @return the JWKS endpoint: published keys, {@code Cache-Control}, faults, fetch counts */
    public JwksEndpoint jwks() {
        return jwks;
    }

    /** @return the RFC 7662 introspection endpoint: opaque tokens, revocation, client authentication, faults */
    public IntrospectionEndpoint introspection() {
        return introspection;
    }

    /** @return the introspection endpoint's URI */
    public URI introspectionUri() {
        return URI.create(root() + IntrospectionEndpoint.PATH);
    }

    /**
     * @param path a request path, e.g. {@link #MOVED_JWKS_PATH}
     * @return how many requests reached it
     */
    public int requestCount(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /** @return how many times a discovery document was requested */
    public int discoveryFetches() {
        return discoveryFetches.get();
    }

    /** Sets the counters back to zero and every endpoint back to answering normally. */
    public void reset() {
        discoveryFetches.set(0);
        requests.clear();
        jwks.reset();
        introspection.reset();
        advertisedJwksUri = null;
    }

    /** @return the authorization server metadata document */
    public String metadataJson() {
        String jwksLocation = advertisedJwksUri != null ? advertisedJwksUri : jwksUri().toString();
        return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksLocation + "\",\"introspection_endpoint\":\""
                + introspectionUri() + "\"}";
    }

    /**
     * Makes the metadata documents advertise another {@code jwks_uri} (for example plain http to a remote host);
     * {@code null} restores {@link #jwksUri()}.
     *
     * @param uri the advertised URI
     */
    public void advertiseJwksUri(String uri) {
        this.advertisedJwksUri = uri;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String issuerPath = URI.create(issuer).getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (path.equals(JwksEndpoint.PATH) || path.equals(JwksEndpoint.MOVED_PATH)) {
                jwks.handle(exchange);
            } else if (path.equals(IntrospectionEndpoint.PATH)) {
                introspection.handle(exchange);
            } else if (openIdDiscovery && path.equals(issuerPath + "/.well-known/openid-configuration")
                    || oauthMetadata && path.equals("/.well-known/oauth-authorization-server" + issuerPath)) {
                discoveryFetches.incrementAndGet();
                respond(exchange, 200, "application/json", metadataJson());
            } else {
                respond(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
            }
        }
    }

    static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Configures a {@link MockAuthorizationServer}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private String issuerPath = "";
        private String audience = "api";
        private Clock clock = Clock.systemUTC();
        private boolean openIdDiscovery = true;
        private boolean oauthMetadata = true;

        private Builder() {
        }

        /**
         * @param path a path appended to {@code http://127.0.0.1:<port>} to form the issuer, e.g. {@code /oauth/v2/oauth-anonymous}
         * @return this builder
         */
        public Builder issuerPath(String path) {
            if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
                throw new IllegalArgumentException("issuerPath must start with '/' and not end with '/': " + path);
            }
            this.issuerPath = path;
            return this;
        }

        /** @param audience the default {@code aud} of minted tokens @return this builder */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** @param clock the clock that {@code iat} and {@code exp} of minted tokens count from @return this builder */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param openId serve {@code <issuer>/.well-known/openid-configuration}
         * @param oauth serve RFC 8414 {@code /.well-known/oauth-authorization-server<issuer path>}
         * @return this builder
         */
        public Builder discovery(boolean openId, boolean oauth) {
            this.openIdDiscovery = openId;
            this.oauthMetadata = oauth;
            return this;
        }

        /** @return the started server */
        public MockAuthorizationServer start() {
            try {
                return new MockAuthorizationServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the mock authorization server", e);
            }
        }
    }
}
