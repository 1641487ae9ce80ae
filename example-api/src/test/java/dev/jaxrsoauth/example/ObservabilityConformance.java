package dev.jaxrsoauth.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jaxrsoauth.example.DeployedConformance.Reply;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.JwksFault;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jaxrsoauth.example.DeployedConformance.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators see, the same on every runtime: {@code GET /metrics} in the Prometheus text format after known
 * traffic (each count exact), and {@code GET /health} up while the keys are usable and down when they cannot be fetched.
 * Each test has an authorization server and an API of its own, so counts start at zero.
 */
public abstract class ObservabilityConformance {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final ExampleLauncher.Runtime runtime;
    private final MockAuthorizationServer as = MockAuthorizationServer.builder().audience("api").start();

    /** @param runtime boots an application on the runtime under test */
    protected ObservabilityConformance(ExampleLauncher.Runtime runtime) {
        this.runtime = runtime;
    }

    @AfterEach
    void stop() {
        as.close();
    }

    private ExampleLauncher.Running start(Map<String, String> extra) throws Exception {
        Map<String, String> env = ConformanceSuite.environment(as.issuer(), false);
        env.putAll(extra);
        return ExampleLauncher.start(ExampleSettings.from(env), runtime, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** @return the sum of the samples of {@code name} whose labels include {@code labels} (name=value pairs) */
    static double sample(String scrape, String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        double sum = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> have = new HashMap<>();
            if (m.group(2) != null) {
                Matcher label = LABEL.matcher(m.group(2));
                while (label.find()) {
                    have.put(label.group(1), label.group(2));
                }
            }
            if (have.entrySet().containsAll(wanted.entrySet())) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    private static String scrape(ExampleLauncher.Running api) {
        Reply reply = send(api.baseUri(), "GET", "/metrics");
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("text/plain"), reply.header("Content-Type"));
        assertTrue(reply.header("Content-Type").contains("version=0.0.4"), reply.header("Content-Type"));
        return reply.body();
    }

    @Test
    void theScrapeCountsEveryOutcomeOnceWithBoundedLabelsAndNoToken() throws Exception {
        try (ExampleLauncher.Running api = start(Map.of())) {
            String good = as.token().scope("read").sign();
            String expired = as.token().scope("read").expiresAt(Instant.now().minusSeconds(600)).sign();
            String noRead = as.token().scope("write").sign();
            assertEquals(200, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + good).status());
            assertEquals(200, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + good).status());
            assertEquals(401, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + expired).status());
            assertEquals(401, send(api.baseUri(), "GET", "/api/data").status());
            assertEquals(403, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + noRead).status());
            assertEquals(403, send(api.baseUri(), "GET", "/api/admin", "Authorization", "Bearer " + good).status());
            assertEquals(200, send(api.baseUri(), "GET", "/api/public").status());

            String scrape = scrape(api);
            String auth = "jaxrs_oauth_authentications_total";
            assertEquals(2, sample(scrape, auth, "outcome", "accepted", "cache", "miss", "scheme", "bearer", "issuer", as.issuer()), scrape);
            assertEquals(2, sample(scrape, auth, "outcome", "accepted", "cache", "hit"), scrape);
            assertEquals(1, sample(scrape, auth, "outcome", "rejected", "status", "401", "code", "invalid_token", "reason", "expired"), scrape);
            assertEquals(1, sample(scrape, auth, "outcome", "rejected", "status", "401", "reason", "missing"), scrape);
            assertEquals(6, sample(scrape, auth), "the public endpoint is not counted");
            assertEquals(6, sample(scrape, "jaxrs_oauth_validation_seconds_count"), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_denials_total", "status", "403", "code", "insufficient_scope",
                    "method", DataResource.class.getName() + ".data"), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_denials_total", "code", "access_denied", "method", DataResource.class.getName() + ".admin"), scrape);
            assertEquals(0.5, sample(scrape, "jaxrs_oauth_token_cache_hit_ratio"), scrape);
            // the keys, fetched once at start
            assertEquals(1, sample(scrape, "jaxrs_oauth_jwks_fetches_seconds_count", "outcome", "success", "uri", as.jwksUri().toString()), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_source_usable", "kind", "jwks", "issuer", as.issuer()), scrape);
            assertTrue(sample(scrape, "jaxrs_oauth_source_keys", "kind", "jwks") >= 1, scrape);
            assertEquals(0, sample(scrape, "jaxrs_oauth_source_staleness_seconds", "kind", "jwks"), scrape);
            assertEquals(1, as.jwks().fetches());
            for (String token : new String[] {good, expired, noRead}) {
                assertFalse(scrape.contains(token.substring(token.lastIndexOf('.') + 1)), "no signature in the scrape");
                assertFalse(scrape.contains(token.substring(0, token.indexOf('.'))), "no token in the scrape");
            }
        }
    }

    @Test
    void healthIsUpWhileTheKeysAreUsable() throws Exception {
        try (ExampleLauncher.Running api = start(Map.of())) {
            // the keys are fetched at start, in the background: a request with a token waits for that fetch
            assertEquals(200, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as.token().scope("read").sign()).status());
            Reply reply = send(api.baseUri(), "GET", "/health");
            assertEquals(200, reply.status(), reply.body());
            assertEquals("no-store", reply.header("Cache-Control"));
            JsonNode body = reply.json();
            assertEquals("UP", body.path("status").asText());
            JsonNode jwks = body.path("sources").path(0);
            assertEquals("jwks", jwks.path("kind").asText());
            assertEquals(as.issuer(), jwks.path("issuer").asText());
            assertEquals(as.jwksUri().toString(), jwks.path("uri").asText());
            assertTrue(jwks.path("usable").asBoolean());
            assertEquals(0, jwks.path("consecutive_failures").asInt());
            assertTrue(jwks.path("keys").toString().contains("rsa-1"), body.toString());
            assertTrue(Instant.parse(jwks.path("expires_at").asText()).isAfter(Instant.parse(jwks.path("next_refresh").asText())), body.toString());
        }
    }

    @Test
    void healthIsDownWhileTheKeysCannotBeFetched() throws Exception {
        as.jwks().fault(JwksFault.SERVER_ERROR);
        try (ExampleLauncher.Running api = start(Map.of())) {
            Reply down = send(api.baseUri(), "GET", "/health");
            assertEquals(503, down.status(), down.body());
            assertEquals("DOWN", down.json().path("status").asText());
            assertFalse(down.json().path("sources").path(0).path("usable").asBoolean());
            // a request with a token needs the keys: it fetches them (and fails) before answering
            Reply refused = send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as.token().scope("read").sign());
            assertEquals(500, refused.status(), refused.body());
            JsonNode source = send(api.baseUri(), "GET", "/health").json().path("sources").path(0);
            assertTrue(source.path("consecutive_failures").asInt() >= 1, source.toString());
            assertTrue(source.path("last_failure").asText().contains("500"), source.toString());
            String scrape = scrape(api);
            assertEquals(0, sample(scrape, "jaxrs_oauth_source_usable", "kind", "jwks"), scrape);
            assertTrue(sample(scrape, "jaxrs_oauth_jwks_fetches_seconds_count", "outcome", "failure") >= 1, scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_authentications_total", "outcome", "rejected", "status", "500",
                    "code", "server_error"), scrape);
        }
    }

    @Test
    void introspectionCallsAndTheEndpointsHealthAreReported() throws Exception {
        Map<String, String> env = Map.of("OAUTH_INTROSPECTION_URI", as.issuer() + IntrospectionEndpoint.PATH,
                "OAUTH_CLIENT_ID", IntrospectionEndpoint.CLIENT_ID, "OAUTH_CLIENT_SECRET", IntrospectionEndpoint.CLIENT_SECRET);
        try (ExampleLauncher.Running api = start(env)) {
            String active = as.introspection().issue(Map.of("scope", "read"));
            assertEquals(200, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + active).status());
            assertEquals(200, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + active).status());
            String revoked = as.introspection().issue(Map.of("scope", "read"));
            as.introspection().revoke(revoked);
            assertEquals(401, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + revoked).status());

            String scrape = scrape(api);
            String endpoint = as.issuer() + IntrospectionEndpoint.PATH;
            assertEquals(1, sample(scrape, "jaxrs_oauth_introspections_total", "outcome", "active", "cache", "miss", "endpoint", endpoint), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_introspections_total", "outcome", "active", "cache", "hit"), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_introspections_total", "outcome", "inactive"), scrape);
            assertEquals(2, sample(scrape, "jaxrs_oauth_introspection_calls_seconds_count"), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_authentications_total", "outcome", "rejected", "reason", "inactive"), scrape);
            assertEquals(1, sample(scrape, "jaxrs_oauth_source_usable", "kind", "introspection"), scrape);
            assertEquals(200, send(api.baseUri(), "GET", "/health").status());
        }
    }
}
