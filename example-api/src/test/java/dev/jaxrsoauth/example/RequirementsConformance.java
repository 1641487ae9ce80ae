package dev.jaxrsoauth.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jaxrsoauth.InsufficientUserAuthenticationException;
import dev.jaxrsoauth.example.DeployedConformance.Reply;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import dev.jaxrsoauth.testing.TokenBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.jaxrsoauth.example.DeployedConformance.metadata;
import static dev.jaxrsoauth.example.DeployedConformance.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the example API tells clients it needs, the same on every runtime: step-up on {@code GET /api/payments}
 * (RFC 9470: {@code acr} {@code urn:example:mfa}, at most 300 s old), a claim on {@code GET /api/reports}
 * ({@code department} = {@code finance}), for JWTs and introspected tokens, and the protected resource metadata
 * (RFC 9728) with and without {@code API_PUBLIC_URL}. Refusals first, each with its status, challenge and body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RequirementsConformance {

    /** The authorization server every API under test trusts. */
    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    private static final String MFA = "urn:example:mfa";
    private static final String STEP_UP = ", error=\"insufficient_user_authentication\", error_description=\""
            + InsufficientUserAuthenticationException.MESSAGE + "\", acr_values=\"" + MFA + "\", max_age=300";

    private final ExampleLauncher.Runtime runtime;
    private final Class<?> mainClass;
    private ExampleLauncher.Running api;

    /**
     * @param runtime boots an application on the runtime under test
     * @param mainClass the example's main class, started in a child JVM for the printed help
     */
    protected RequirementsConformance(ExampleLauncher.Runtime runtime, Class<?> mainClass) {
        this.runtime = runtime;
        this.mainClass = mainClass;
    }

    @BeforeAll
    void startApi() throws Exception {
        api = start(Map.of());
    }

    @AfterAll
    void stopApi() {
        api.close();
    }

    private ExampleLauncher.Running start(Map<String, String> extra) throws Exception {
        Map<String, String> env = ConformanceSuite.environment(as().issuer(), false);
        env.putAll(extra);
        return ExampleLauncher.start(ExampleSettings.from(env), runtime, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    private static MockAuthorizationServer as() {
        return AUTH.server();
    }

    private Reply get(String path, TokenBuilder token) {
        return send(api.baseUri(), "GET", path, "Authorization", "Bearer " + token.sign());
    }

    private void assertStepUp(Reply reply, URI base) {
        assertEquals(401, reply.status(), reply.body());
        assertEquals(List.of("Bearer realm=\"api\"" + STEP_UP + metadata(base)), reply.headers("WWW-Authenticate"));
        assertEquals("insufficient_user_authentication", reply.code());
        assertEquals(InsufficientUserAuthenticationException.MESSAGE, reply.json().path("message").asText());
        assertEquals("no-store", reply.header("Cache-Control"));
    }

    private static void assertAccessDenied(Reply reply) {
        assertEquals(403, reply.status(), reply.body());
        assertNull(reply.header("WWW-Authenticate"));
        assertEquals("access_denied", reply.code());
        assertEquals("no-store", reply.header("Cache-Control"));
    }

    // --- step-up (RFC 9470)

    @Test
    void paymentsWithoutARecentMultiFactorLoginAskForOne() {
        long now = Instant.now().getEpochSecond();
        assertStepUp(get("/api/payments", as().token()), api.baseUri());
        assertStepUp(get("/api/payments", as().token().authenticated("urn:example:password", Instant.now())), api.baseUri());
        assertStepUp(get("/api/payments", as().token().authenticated(MFA, Instant.now().minusSeconds(300 + 61))), api.baseUri());
        assertStepUp(get("/api/payments", as().token().claim("acr", MFA)), api.baseUri());
        assertStepUp(get("/api/payments", as().token().claim("acr", 1).claim("auth_time", now)), api.baseUri());
        assertStepUp(get("/api/payments", as().token().claim("acr", MFA).claim("auth_time", String.valueOf(now))), api.baseUri());
        assertStepUp(get("/api/payments", as().token().claim("acr", MFA).claim("auth_time", Map.of("at", now))), api.baseUri());
    }

    @Test
    void paymentsAfterARecentMultiFactorLoginPass() {
        Reply reply = get("/api/payments", as().token().subject("alice").authenticated(MFA, Instant.now().minusSeconds(120)));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Payments for alice", reply.json().path("message").asText());
        // the scope is still asked for, after the authentication
        Reply noScope = get("/api/payments", as().token().scope("other").authenticated(MFA, Instant.now()));
        assertEquals(403, noScope.status());
        assertEquals("insufficient_scope", noScope.code());
    }

    // --- a claim

    @Test
    void reportsForAnotherDepartmentOrNoneAreForbidden() {
        assertAccessDenied(get("/api/reports", as().token()));
        assertAccessDenied(get("/api/reports", as().token().claim("department", "sales")));
        assertAccessDenied(get("/api/reports", as().token().claim("department", "Finance")));
        assertAccessDenied(get("/api/reports", as().token().claim("department", 7)));
        assertAccessDenied(get("/api/reports", as().token().claim("department", Map.of("name", "finance"))));
        assertAccessDenied(get("/api/reports", as().token().claim("department", List.of("sales"))));
    }

    @Test
    void reportsForFinancePass() {
        assertEquals(200, get("/api/reports", as().token().claim("department", "finance")).status());
        assertEquals(200, get("/api/reports", as().token().claim("department", List.of("hr", "finance"))).status());
        assertEquals(401, send(api.baseUri(), "GET", "/api/reports").status());
    }

    @Test
    void introspectionAnswersAreHeldToTheSameRequirements() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("OAUTH_INTROSPECTION_URI", as().issuer() + IntrospectionEndpoint.PATH,
                "OAUTH_CLIENT_ID", IntrospectionEndpoint.CLIENT_ID, "OAUTH_CLIENT_SECRET", IntrospectionEndpoint.CLIENT_SECRET));
        try (ExampleLauncher.Running introspecting = start(env)) {
            URI base = introspecting.baseUri();
            String password = as().introspection().issue(Map.of("acr", "urn:example:password", "auth_time", Instant.now().getEpochSecond()));
            assertStepUp(send(base, "GET", "/api/payments", "Authorization", "Bearer " + password), base);
            String mfa = as().introspection().issue(Map.of("acr", MFA, "auth_time", Instant.now().getEpochSecond()));
            assertEquals(200, send(base, "GET", "/api/payments", "Authorization", "Bearer " + mfa).status());
            assertAccessDenied(send(base, "GET", "/api/reports", "Authorization", "Bearer " + mfa));
            String finance = as().introspection().issue(Map.of("department", "finance"));
            assertEquals(200, send(base, "GET", "/api/reports", "Authorization", "Bearer " + finance).status());
        }
    }

    // --- protected resource metadata (RFC 9728)

    @Test
    void theMetadataTellsClientsWhatTheApiNeeds() {
        Reply reply = send(api.baseUri(), "GET", "/.well-known/oauth-protected-resource");
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        JsonNode document = reply.json();
        assertEquals(api.baseUri() + "/", document.path("resource").asText());
        assertEquals(List.of(as().issuer()), texts(document.path("authorization_servers")));
        assertEquals(List.of("read", "write"), texts(document.path("scopes_supported")));
        assertEquals(List.of("header"), texts(document.path("bearer_methods_supported")));
        assertEquals(List.of("ES256", "ES384", "Ed25519", "EdDSA", "PS256", "RS256"), texts(document.path("dpop_signing_alg_values_supported")));
        assertEquals(false, document.path("dpop_bound_access_tokens_required").asBoolean(true));
        assertEquals(200, send(api.baseUri(), "HEAD", "/.well-known/oauth-protected-resource").status());
        assertEquals(404, send(api.baseUri(), "GET", "/.well-known/oauth-protected-resource/elsewhere").status());
    }

    @Test
    void aPublicUrlWithAPathIsTheResourceItsAudienceAndWhereChallengesPoint() throws Exception {
        try (ExampleLauncher.Running behind = start(Map.of("API_PUBLIC_URL", "https://api.example.com/svc"))) {
            URI base = behind.baseUri();
            for (String path : List.of("/.well-known/oauth-protected-resource/svc", "/.well-known/oauth-protected-resource")) {
                Reply reply = send(base, "GET", path);
                assertEquals(200, reply.status(), path);
                assertEquals("https://api.example.com/svc", reply.json().path("resource").asText());
                assertEquals("public, max-age=3600", reply.header("Cache-Control"));
            }
            Reply missing = send(base, "GET", "/api/data");
            assertEquals("Bearer realm=\"api\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/svc\"",
                    missing.headers("WWW-Authenticate").get(0));
            // RFC 8707: a token asked for this resource carries it as its audience
            assertEquals(200, send(base, "GET", "/api/data", "Authorization", "Bearer " + as().token().audience("https://api.example.com/svc").sign()).status());
            assertEquals(401, send(base, "GET", "/api/data", "Authorization", "Bearer " + as().token().audience("https://api.example.com/other").sign()).status());
        }
    }

    @Test
    void theMetadataStaysOpenWhenEveryResourceIsProtected() throws Exception {
        Map<String, String> env = ConformanceSuite.environment(as().issuer(), true);
        try (ExampleLauncher.Running all = ExampleLauncher.start(ExampleSettings.from(env), runtime,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))) {
            assertEquals(200, send(all.baseUri(), "GET", "/.well-known/oauth-protected-resource").status());
            assertEquals(401, send(all.baseUri(), "GET", "/api/public").status());
        }
    }

    // --- the mock mode's help

    @Test
    void theMockModePrintsTokensForStepUpAndTheClaim() throws Exception {
        Process process = ConformanceSuite.launch(mainClass, Map.of("PORT", "0", "HOST", "127.0.0.1"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String listening = out.readLine();
            URI base = URI.create(listening.split(" ")[3]);
            Map<String, String> tokens = new HashMap<>();
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null && !line.contains("oauth-protected-resource"); line = out.readLine()) {
                lines.add(line);
                if (line.contains("Authorization: Bearer ")) {
                    String path = line.substring(line.lastIndexOf(base.toString()) + base.toString().length());
                    tokens.put(path, line.substring(line.indexOf("Bearer ") + 7, line.indexOf('\'', line.indexOf("Bearer "))));
                }
            }
            assertTrue(tokens.containsKey("/api/payments") && tokens.containsKey("/api/reports"), String.join("\n", lines));
            assertEquals(200, send(base, "GET", "/api/payments", "Authorization", "Bearer " + tokens.get("/api/payments")).status());
            assertEquals(200, send(base, "GET", "/api/reports", "Authorization", "Bearer " + tokens.get("/api/reports")).status());
            // the first token has neither: the two refusals the help announces
            assertEquals(401, send(base, "GET", "/api/payments", "Authorization", "Bearer " + tokens.get("/api/data")).status());
            assertEquals(403, send(base, "GET", "/api/reports", "Authorization", "Bearer " + tokens.get("/api/data")).status());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
