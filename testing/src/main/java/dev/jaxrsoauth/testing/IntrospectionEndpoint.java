package dev.jaxrsoauth.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock authorization server's RFC 7662 introspection endpoint: issues opaque tokens, answers
 * {@code active: true} with their claims or {@code active: false}, authenticates the client with
 * {@code client_secret_basic} or {@code client_secret_post}, and signs the answer as a JWT (RFC 9701) when asked.
 *
 * <pre>{@code
 * String opaque = server.introspection().issue(Map.of("scope", "read"));
 * server.introspection().revoke(opaque);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class IntrospectionEndpoint {

    /** Path of the endpoint. */
    public static final String PATH = "/introspect";
    /** The client the endpoint accepts. */
    public static final String CLIENT_ID = "api-client";
    /** That client's secret. */
    public static final String CLIENT_SECRET = "api-secret";

    /** How the endpoint misbehaves. */
    public enum Fault {
        /** Answers normally. */
        NONE,
        /** Answers 500. */
        SERVER_ERROR,
        /** Answers 200 with HTML. */
        HTML,
        /** Answers 200 with JSON that lacks {@code active}. */
        NO_ACTIVE,
        /** Answers after 10 seconds. */
        SLOW
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MockAuthorizationServer server;
    private final Clock clock;
    private final Map<String, Map<String, Object>> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;

    IntrospectionEndpoint(MockAuthorizationServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** @return an active opaque token with the defaults of {@link MockAuthorizationServer#token()}'s claims */
    public String issue() {
        return issue(Map.of());
    }

    /**
     * Issues an active opaque token.
     *
     * @param claims claims that replace the defaults ({@code iss}, {@code sub}, {@code aud}, {@code exp} in five
     *               minutes, {@code iat}, {@code client_id}, {@code scope: read}, {@code token_type}); a {@code null}
     *               value removes the default
     * @return the token: 32 random bytes, base64url
     */
    public String issue(Map<String, ?> claims) {
        Map<String, Object> all = new LinkedHashMap<>();
        long now = clock.instant().getEpochSecond();
        all.put("iss", server.issuer());
        all.put("sub", "user-1");
        all.put("aud", server.audience());
        all.put("exp", now + Duration.ofMinutes(5).toSeconds());
        all.put("iat", now);
        all.put("client_id", "test-client");
        all.put("scope", "read");
        all.put("token_type", "Bearer");
        claims.forEach((k, v) -> {
            if (v == null) {
                all.remove(k);
            } else {
                all.put(k, v);
            }
        });
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, all);
        return token;
    }

    /** @param token a token to answer {@code active: false} for from now on */
    public void revoke(String token) {
        tokens.remove(token);
    }

    /** @param fault how to misbehave until set back to {@link Fault#NONE} */
    public void fault(Fault fault) {
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** @return how many introspection requests arrived */
    public int requests() {
        return requests.get();
    }

    void reset() {
        requests.set(0);
        fault = Fault.NONE;
    }

    void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!exchange.getRequestMethod().equals("POST")) {
            MockAuthorizationServer.respond(exchange, 405, "application/json", "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!authenticated(exchange, form)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"introspection\"");
            MockAuthorizationServer.respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        switch (fault) {
            case SERVER_ERROR -> MockAuthorizationServer.respond(exchange, 500, "text/html", "<html>error</html>");
            case HTML -> MockAuthorizationServer.respond(exchange, 200, "text/html", "<html>login</html>");
            case NO_ACTIVE -> MockAuthorizationServer.respond(exchange, 200, "application/json", "{\"scope\":\"read\"}");
            case SLOW -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                MockAuthorizationServer.respond(exchange, 200, "application/json", "{\"active\":false}");
            }
            case NONE -> answer(exchange, form.get("token"));
        }
    }

    private void answer(HttpExchange exchange, String token) throws IOException {
        Map<String, Object> claims = token == null ? null : tokens.get(token);
        Map<String, Object> body = new LinkedHashMap<>();
        if (claims != null && ((Number) claims.getOrDefault("exp", Long.MAX_VALUE)).longValue() > clock.instant().getEpochSecond()) {
            body.put("active", true);
            body.putAll(claims);
        } else {
            body.put("active", false);
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains("application/token-introspection+jwt")) {
            Map<String, Object> header = new LinkedHashMap<>();
            SigningKey key = server.key("rsa-1");
            header.put("alg", key.algorithm());
            header.put("kid", key.keyId());
            header.put("typ", "token-introspection+jwt");
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("iss", server.issuer());
            payload.put("aud", CLIENT_ID);
            payload.put("iat", clock.instant().getEpochSecond());
            payload.put("token_introspection", body);
            String input = TokenBuilder.encode(header) + "." + TokenBuilder.encode(payload);
            String jwt = input + "." + TokenBuilder.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
            MockAuthorizationServer.respond(exchange, 200, "application/token-introspection+jwt", jwt);
        } else {
            MockAuthorizationServer.respond(exchange, 200, "application/json", JSON.writeValueAsString(body));
        }
    }

    private static boolean authenticated(HttpExchange exchange, Map<String, String> form) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon > 0 && decode(pair.substring(0, colon)).equals(CLIENT_ID) && decode(pair.substring(colon + 1)).equals(CLIENT_SECRET);
        }
        return CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
