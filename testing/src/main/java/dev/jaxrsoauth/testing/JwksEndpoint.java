package dev.jaxrsoauth.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock authorization server's JWKS endpoint: the published keys (rotation, removal, raw JWKs a client must
 * refuse), the {@code Cache-Control} it answers with, its fault modes, and a count of fetches that tests can wait on.
 *
 * <pre>{@code
 * server.jwks().addKey(SigningKey.generate("ec-2", "ES256"));
 * server.jwks().fault(JwksFault.SERVER_ERROR);
 * assertThat(server.jwks().fetches()).isEqualTo(2);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JwksEndpoint {

    /** Path of the JWKS document. */
    public static final String PATH = "/jwks";
    /** Where {@link JwksFault#REDIRECT} points: serves the key set too, so a followed redirect would succeed. */
    public static final String MOVED_PATH = "/moved/jwks";

    private final MockAuthorizationServer server;
    private final Map<String, SigningKey> published = new LinkedHashMap<>();
    private final List<String> rawJwks = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int status = 200;
    private volatile JwksFault fault = JwksFault.NONE;
    private volatile String cacheControl;
    private volatile Duration slowDelay = Duration.ofSeconds(10);

    JwksEndpoint(MockAuthorizationServer server) {
        this.server = server;
    }

    /** @return the JWKS URI */
    public URI uri() {
        return URI.create(server.root() + PATH);
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

    /** @param key a key to publish (replacing one with the same {@code kid}) */
    public synchronized void addKey(SigningKey key) {
        published.put(key.keyId(), key);
    }

    /** @param keyId the {@code kid} of a key to stop publishing */
    public synchronized void removeKey(String keyId) {
        published.remove(keyId);
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

    /** @param jwkJson any JWK as given (symmetric, private, encryption or malformed), to test what a client must refuse */
    public synchronized void publishRawJwk(String jwkJson) {
        rawJwks.add(jwkJson);
    }

    /** @param fault how to misbehave until set back to {@link JwksFault#NONE} */
    public void fault(JwksFault fault) {
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** @param delay how long {@link JwksFault#SLOW} waits before answering */
    public void slowDelay(Duration delay) {
        this.slowDelay = Objects.requireNonNull(delay, "delay");
    }

    /** @param value the {@code Cache-Control} header of JWKS responses, e.g. {@code max-age=600}; {@code null} sends none */
    public void cacheControl(String value) {
        this.cacheControl = value;
    }

    /** @param status a status other than 200 (with an HTML body) to answer with, until set back to 200 */
    public void status(int status) {
        this.status = status;
    }

    /** @return how many times the JWKS was requested */
    public int fetches() {
        return fetches.get();
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
    public boolean awaitFetches(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (fetches) {
            while (fetches.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(fetches, left);
            }
            return true;
        }
    }

    /** @return the JWKS document as served now */
    public synchronized String json() {
        List<String> keys = new ArrayList<>();
        for (SigningKey key : published.values()) {
            keys.add(key.publicJwkJson());
        }
        keys.addAll(rawJwks);
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    void reset() {
        fetches.set(0);
        status = 200;
        fault = JwksFault.NONE;
        cacheControl = null;
    }

    void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals(MOVED_PATH)) {
            MockAuthorizationServer.respond(exchange, 200, "application/jwk-set+json", json());
            return;
        }
        // the key set as it is when the request arrives, even if the answer is slow
        String keys = json();
        synchronized (fetches) {
            fetches.incrementAndGet();
            fetches.notifyAll();
        }
        if (status != 200) {
            MockAuthorizationServer.respond(exchange, status, "text/html", "<html><body>Unavailable</body></html>");
            return;
        }
        switch (fault) {
            case SERVER_ERROR -> MockAuthorizationServer.respond(exchange, 500, "text/html", "<html><body>Internal Server Error</body></html>");
            case HTML -> MockAuthorizationServer.respond(exchange, 200, "text/html", "<html><body>Please log in to the network</body></html>");
            case EMPTY -> MockAuthorizationServer.respond(exchange, 200, "application/jwk-set+json", "{\"keys\":[]}");
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
                MockAuthorizationServer.respond(exchange, 200, "application/jwk-set+json", keys);
            }
            case OVERSIZED -> MockAuthorizationServer.respond(exchange, 200, "application/jwk-set+json",
                    "{\"keys\":[],\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}");
            case REDIRECT -> {
                exchange.getResponseHeaders().set("Location", server.root() + MOVED_PATH);
                exchange.sendResponseHeaders(302, -1);
            }
            case NONE -> {
                if (cacheControl != null) {
                    exchange.getResponseHeaders().set("Cache-Control", cacheControl);
                }
                MockAuthorizationServer.respond(exchange, 200, "application/jwk-set+json", keys);
            }
        }
    }
}
