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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Keys: {@code rsa-1} (RS256, the default), {@code ec-1} (ES256) and {@code ed-1} (EdDSA / Ed25519).
 *
 * @since 0.1.0
 */
public final class MockAuthorizationServer implements AutoCloseable {

    /** Path of the JWKS document. */
    public static final String JWKS_PATH = "/jwks";
    /** Where {@link JwksFault#REDIRECT} points: serves the key set too, so a followed redirect would succeed. */
    public static final String MOVED_JWKS_PATH = "/moved/jwks";

    private final HttpServer http;
    private final ExecutorService executor;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final boolean openIdDiscovery;
    private final boolean oauthMetadata;
    private final Map<String, SigningKey> published = new LinkedHashMap<>();
    private final List<String> rawJwks = new ArrayList<>();
    private final SigningKey defaultKey;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger discoveryFetches = new AtomicInteger();
    private final IntrospectionEndpoint introspection;
    private final Map<String, AtomicInteger> requests = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int jwksStatus = 200;
    private volatile JwksFault jwksFault = JwksFault.NONE;
    private volatile String cacheControl;
    private volatile String advertisedJwksUri;
    private volatile java.time.Duration slowDelay = java.time.Duration.ofSeconds(10);

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
        String base = "http://" + http.getAddress().getAddress().getHostAddress() + ":" + http.getAddress().getPort();
        this.issuer = base + b.issuerPath;
        this.introspection = new IntrospectionEndpoint(this, clock);
        this.defaultKey = SigningKey.generate("rsa-1", "RS256");
        addKey(defaultKey);
        addKey(SigningKey.generate("ec-1", "ES256"));
        addKey(SigningKey.generate("ed-1", "EdDSA"));
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
        return URI.create(root() + JWKS_PATH);
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
     * @param keyId {@code rsa-1}, {@code ec-1}, {@code ed-1} or a key added with {@link #addKey}
     * @return the builder
     */
    public TokenBuilder token(String keyId) {
        return token().signedWith(key(keyId));
    }

    /**
     * @param keyId a published key id
     * @return that key
     */
    public synchronized SigningKey key(String keyId) {
        SigningKey key = published.get(keyId);
        if (key == null) {
            throw new IllegalArgumentException("no published key " + keyId);
        }
        return key;
    }

    /**
     * Publishes a key in the JWKS (replacing one with the same {@code kid}).
     *
     * @param key the key
     */
    public synchronized void addKey(SigningKey key) {
        published.put(key.keyId(), key);
    }

    /**
     * Stops publishing a key.
     *
     * @param keyId the {@code kid}
     */
    public synchronized void removeKey(String keyId) {
        published.remove(keyId);
    }

    /**
     * Publishes any JWK JSON as given, for tests of what a client must refuse to use (symmetric, private,
     * encryption or malformed keys).
     *
     * @param jwkJson one JSON object
     */
    public synchronized void publishRawJwk(String jwkJson) {
        rawJwks.add(jwkJson);
    }

    /**
     * Publishes {@code key} in place of the key with id {@code oldKeyId}.
     *
     * @param oldKeyId the key to retire
     * @param key the new key
     */
    public synchronized void replaceKey(String oldKeyId, SigningKey key) {
        published.remove(oldKeyId);
        published.put(key.keyId(), key);
    }

    /**
     * Makes the JWKS endpoint misbehave until set back to {@link JwksFault#NONE}.
     *
     * @param fault the fault
     */
    public void jwksFault(JwksFault fault) {
        this.jwksFault = Objects.requireNonNull(fault, "fault");
    }

    /**
     * How long {@link JwksFault#SLOW} waits before answering.
     *
     * @param delay the delay
     */
    public void slowDelay(java.time.Duration delay) {
        this.slowDelay = Objects.requireNonNull(delay, "delay");
    }

    /**
     * The {@code Cache-Control} header of JWKS responses, e.g. {@code max-age=600}; {@code null} sends none.
     *
     * @param value the header value
     */
    public void cacheControl(String value) {
        this.cacheControl = value;
    }

    /**
     * @param path a request path, e.g. {@link #MOVED_JWKS_PATH}
     * @return how many requests reached it
     */
    public int requestCount(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /**
     * Makes the JWKS endpoint answer with a status other than 200 (with an HTML body), until set back to 200.
     *
     * @param status the HTTP status
     */
    public void jwksStatus(int status) {
        this.jwksStatus = status;
    }

    /** @return how many times the JWKS was requested */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /**
     * Waits until the JWKS has been requested at least {@code count} times (counted when a request arrives, before
     * any {@link JwksFault#SLOW} delay), so tests can order events without sleeping.
     *
     * @param count the number of requests
     * @param timeout the longest wait
     * @return whether the count was reached in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitJwksFetches(int count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (jwksFetches) {
            while (jwksFetches.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(jwksFetches, left);
            }
            return true;
        }
    }

    /** @return how many times a discovery document was requested */
    public int discoveryFetches() {
        return discoveryFetches.get();
    }

    /** Sets the counters back to zero, the JWKS status to 200, and clears the fault and {@code Cache-Control}. */
    public void reset() {
        jwksFetches.set(0);
        discoveryFetches.set(0);
        requests.clear();
        introspection.reset();
        jwksStatus = 200;
        jwksFault = JwksFault.NONE;
        cacheControl = null;
        advertisedJwksUri = null;
    }

    /** @return the JWKS document as served now */
    public synchronized String jwksJson() {
        List<String> keys = new ArrayList<>();
        for (SigningKey key : published.values()) {
            keys.add(key.publicJwkJson());
        }
        keys.addAll(rawJwks);
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /** @return the authorization server metadata document */
    public String metadataJson() {
        String jwks = advertisedJwksUri != null ? advertisedJwksUri : jwksUri().toString();
        return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwks + "\",\"introspection_endpoint\":\""
                + introspectionUri() + "\"}";
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
            if (path.equals(JWKS_PATH)) {
                // the key set as it is when the request arrives, even if the answer is slow
                String keys = jwksJson();
                synchronized (jwksFetches) {
                    jwksFetches.incrementAndGet();
                    jwksFetches.notifyAll();
                }
                serveJwks(exchange, keys);
            } else if (path.equals(IntrospectionEndpoint.PATH)) {
                introspection.handle(exchange);
            } else if (path.equals(MOVED_JWKS_PATH)) {
                respond(exchange, 200, "application/jwk-set+json", jwksJson());
            } else if (openIdDiscovery && path.equals(issuerPath + "/.well-known/openid-configuration")) {
                discoveryFetches.incrementAndGet();
                respond(exchange, 200, "application/json", metadataJson());
            } else if (oauthMetadata && path.equals("/.well-known/oauth-authorization-server" + issuerPath)) {
                discoveryFetches.incrementAndGet();
                respond(exchange, 200, "application/json", metadataJson());
            } else {
                respond(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
            }
        }
    }

    private void serveJwks(HttpExchange exchange, String keys) throws IOException {
        if (jwksStatus != 200) {
            respond(exchange, jwksStatus, "text/html", "<html><body>Unavailable</body></html>");
            return;
        }
        switch (jwksFault) {
            case SERVER_ERROR -> respond(exchange, 500, "text/html", "<html><body>Internal Server Error</body></html>");
            case HTML -> respond(exchange, 200, "text/html", "<html><body>Please log in to the network</body></html>");
            case EMPTY -> respond(exchange, 200, "application/jwk-set+json", "{\"keys\":[]}");
            case RESET -> {
                // closing an exchange that sent no headers drops the connection: the client reads no response
            }
            case SLOW -> {
                try {
                    Thread.sleep(slowDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                respond(exchange, 200, "application/jwk-set+json", keys);
            }
            case OVERSIZED -> respond(exchange, 200, "application/jwk-set+json",
                    "{\"keys\":[],\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}");
            case REDIRECT -> {
                exchange.getResponseHeaders().set("Location", root() + MOVED_JWKS_PATH);
                exchange.sendResponseHeaders(302, -1);
            }
            case NONE -> {
                if (cacheControl != null) {
                    exchange.getResponseHeaders().set("Cache-Control", cacheControl);
                }
                respond(exchange, 200, "application/jwk-set+json", keys);
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
