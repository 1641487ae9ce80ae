package dev.jaxrsoauth.example;

import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance suite every embedded runtime must pass, over real HTTP: {@link DeployedConformance} (the error
 * table, scopes, roles, claims, a custom error mapper) against the example API it starts, and the scenarios that boot
 * the API again with other settings: global protection, key rotation, an unreachable authorization server, opaque
 * tokens through introspection, several trusted issuers, {@code @Secured} wherever Jakarta REST lets users write it,
 * the crypto provider switch, and the examples' run contract (bad configuration, SIGTERM). A runtime's test is a
 * subclass whose constructor names the runtime and the example's main class.
 *
 * <p>The API under test serves the examples' endpoints: {@code GET /api/data} ({@code read}), {@code POST /api/data}
 * ({@code write}), {@code GET /api/admin} (role {@code admin} from the {@code role} claim), {@code GET /api/me},
 * {@code GET /api/public}; its own mapper for {@code InvalidTokenException} adds a {@code hint} to 401 bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceSuite extends DeployedConformance {

    private final ExampleLauncher.Runtime runtime;
    private final Class<?> mainClass;
    private ExampleLauncher.Running api;

    /**
     * @param runtime boots an application on the runtime under test
     * @param mainClass the example's main class, started in a child JVM for the run-contract scenarios
     */
    protected ConformanceSuite(ExampleLauncher.Runtime runtime, Class<?> mainClass) {
        this.runtime = runtime;
        this.mainClass = mainClass;
    }

    /** Starts the example API in this JVM, as its main class would, from the run contract's variables. */
    private ExampleLauncher.Running start(Map<String, String> environment) throws Exception {
        return ExampleLauncher.start(ExampleSettings.from(environment), runtime, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /** Boots any application on the runtime under test, on 127.0.0.1 and an ephemeral port. */
    protected ExampleLauncher.Server boot(jakarta.ws.rs.core.Application application) throws Exception {
        return runtime.start(application, InetAddress.getLoopbackAddress(), 0);
    }

    // --- OAUTH_CRYPTO_PROVIDER

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"accp", "conscrypt", "bc"})
    void eachCryptoProviderGivesTheSameAnswers(String provider) throws Exception {
        Map<String, String> env = environment(AUTH.server().issuer(), false);
        env.put("OAUTH_CRYPTO_PROVIDER", provider);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        try (ExampleLauncher.Running running = ExampleLauncher.start(ExampleSettings.from(env), runtime,
                new java.io.PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String said = printed.toString(StandardCharsets.UTF_8);
            boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                    && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
            // the native providers' jars carry libraries for Linux on x86-64 only (CI's machine); elsewhere the example falls back
            org.junit.jupiter.api.Assumptions.assumeTrue(linuxX64 || provider.equals("bc") || !said.contains("cannot load"), said);
            assertTrue(said.startsWith("Signatures are verified by "), said);
            URI base = running.baseUri();
            for (String keyId : List.of("rsa-1", "ec-1", "ed-1")) {
                String token = as().token(keyId).scope("read").sign();
                assertEquals(200, send(base, "GET", "/api/data", "Authorization", "Bearer " + token).status(), keyId);
                String other = as().token(keyId).scope("read").subject("other").sign();
                String spliced = token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
                Reply refused = send(base, "GET", "/api/data", "Authorization", "Bearer " + spliced);
                assertEquals(401, refused.status(), keyId);
                assertEquals("The access token signature is invalid", refused.json().path("message").asText(), keyId);
            }
        }
    }

    @Test
    void anUnknownCryptoProviderIsABadSetting() {
        Map<String, String> env = environment(AUTH.server().issuer(), false);
        env.put("OAUTH_CRYPTO_PROVIDER", "openssl");
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ExampleSettings.from(env));
        assertEquals("OAUTH_CRYPTO_PROVIDER must be jdk, accp, conscrypt or bc, got 'openssl'", bad.getMessage());
    }

    @BeforeAll
    void startApi() throws Exception {
        api = start(environment(AUTH.server().issuer(), false));
    }

    @AfterAll
    void stopApi() {
        api.close();
    }

    @Override
    protected URI baseUri() {
        return api.baseUri();
    }

    // --- the error table

    @Test
    void unreachableAuthorizationServerGets500ServerError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (ExampleLauncher.Running down = start(environment("http://127.0.0.1:" + closed, false))) {
            Reply reply = send(down.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as().token().sign());
            assertEquals(500, reply.status(), reply.body());
            assertNull(reply.header("WWW-Authenticate"));
            assertEquals("server_error", reply.code());
            assertEquals(16, reply.json().path("error_id").asText().length());
        }
    }

    // --- protection rules

    @Test
    void applicationLevelSecuredProtectsEveryResource() throws Exception {
        try (ExampleLauncher.Running all = start(environment(as().issuer(), true))) {
            assertEquals(401, send(all.baseUri(), "GET", "/api/public").status());
            assertEquals(200, send(all.baseUri(), "GET", "/api/public", "Authorization", "Bearer " + as().token().sign()).status());
            // the Application's scopes apply where a resource declares none
            Reply noRead = send(all.baseUri(), "GET", "/api/public", "Authorization", "Bearer " + as().token().scope("write").sign());
            assertEquals(403, noRead.status());
            assertEquals(REALM + ", error=\"insufficient_scope\", scope=\"read\"", noRead.header("WWW-Authenticate"));
            // a method's own @Secured decides for itself
            assertEquals(200, send(all.baseUri(), "GET", "/api/me", "Authorization", "Bearer " + as().token().scope("write").sign()).status());
        }
    }

    @Test
    void rotatedInKeyIsAcceptedWithOneFetch() throws Exception {
        // a fresh API: in the shared one, an earlier unknown-kid test may hold refreshes back for the minimum interval
        try (ExampleLauncher.Running fresh = start(environment(as().issuer(), false))) {
            assertEquals(200, send(fresh.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as().token().sign()).status());
            int before = as().jwks().fetches();
            SigningKey next = SigningKey.generate("rotated-" + System.nanoTime(), "ES256");
            as().jwks().addKey(next);
            try {
                String token = as().token().signedWith(next).sign();
                assertEquals(200, send(fresh.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + token).status());
                assertEquals(before + 1, as().jwks().fetches());
            } finally {
                as().jwks().removeKey(next.keyId());
            }
        }
    }

    // --- @Secured wherever Jakarta REST lets users write it

    @Test
    void securedIsEnforcedWhereverJakartaRestInheritsIt() throws Exception {
        try (ExampleLauncher.Server server = boot(new InheritanceResources.App(as().issuer()))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            for (String[] endpoint : InheritanceResources.ENDPOINTS) {
                String what = endpoint[0] + " " + endpoint[1];
                Reply missing = send(base, endpoint[0], endpoint[1], "Content-Type", "text/plain");
                assertEquals(401, missing.status(), what);
                assertEquals(REALM + metadata(base), missing.header("WWW-Authenticate"), what);
                Reply readOnly = send(base, endpoint[0], endpoint[1], "Content-Type", "text/plain",
                        "Authorization", "Bearer " + as().token().scope("read").sign());
                assertEquals(403, readOnly.status(), what + ": " + readOnly.body());
                assertEquals(REALM + ", error=\"insufficient_scope\", scope=\"admin\"", readOnly.header("WWW-Authenticate"), what);
                assertEquals("insufficient_scope", readOnly.code(), what);
                Reply admin = send(base, endpoint[0], endpoint[1], "Content-Type", "text/plain",
                        "Authorization", "Bearer " + as().token().scope("admin").sign());
                assertEquals(200, admin.status(), what + ": " + admin.body());
            }
        }
    }

    private void assertRefusedToStart(jakarta.ws.rs.core.Application application, String locator) {
        Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> boot(application).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("reaches the sub-resource locator " + locator), messages.toString());
    }

    @Test
    void securedOnASubResourceLocatorRefusesToStart() {
        assertRefusedToStart(new InheritanceResources.RefusedApp(as().issuer(), InheritanceResources.SecuredLocator.class),
                InheritanceResources.SecuredLocator.class.getName() + ".order");
        // @Path inherited from an interface, and an anonymous subclass registered as an instance
        assertRefusedToStart(new InheritanceResources.RefusedApp(as().issuer(), InheritanceResources.InterfaceRootResource.class),
                InheritanceResources.InterfaceRootResource.class.getName() + ".leaf");
        assertRefusedToStart(new InheritanceResources.AnonymousSingletonApp(as().issuer()),
                InheritanceResources.SecuredLocator.class.getName() + ".order");
    }

    @Test
    void securedThatReachesALocatorOnlyAtRunTimeFailsClosedPerRequest() throws Exception {
        try (ExampleLauncher.Server server = boot(new InheritanceResources.App(as().issuer()))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            for (String path : InheritanceResources.REFUSED_AT_RUN_TIME) {
                for (Reply reply : List.of(send(base, "GET", path), send(base, "GET", path, "Authorization", "Bearer " + as().token().scope("admin").sign()))) {
                    assertEquals(500, reply.status(), path + ": " + reply.body());
                    assertEquals("server_error", reply.code(), path);
                }
            }
        }
    }

    @Test
    void automaticOptionsIsAnsweredAlikeOnEveryRuntimeEvenUnderGlobalProtection() throws Exception {
        try (ExampleLauncher.Running all = start(environment(as().issuer(), true))) {
            Reply options = send(all.baseUri(), "OPTIONS", "/api/data");
            assertEquals(200, options.status(), options.body());
            assertTrue(options.header("Allow").contains("GET"), options.header("Allow"));
        }
    }

    // --- opaque tokens and several issuers

    @Test
    void opaqueTokensAreIntrospected() throws Exception {
        Map<String, String> env = environment(as().issuer(), false);
        env.put("OAUTH_INTROSPECTION_URI", as().introspectionUri().toString());
        env.put("OAUTH_CLIENT_ID", IntrospectionEndpoint.CLIENT_ID);
        env.put("OAUTH_CLIENT_SECRET", IntrospectionEndpoint.CLIENT_SECRET);
        try (ExampleLauncher.Running introspecting = start(env)) {
            URI base = introspecting.baseUri();
            String opaque = as().introspection().issue(Map.of("scope", "read", "role", "reader"));
            Reply ok = send(base, "GET", "/api/data", "Authorization", "Bearer " + opaque);
            assertEquals(200, ok.status(), ok.body());
            assertEquals("Data for user role 'reader' and scope 'read'", ok.json().path("message").asText());
            assertEquals(200, send(base, "GET", "/api/data", "Authorization", "Bearer " + opaque).status());
            assertEquals(1, as().introspection().requests(), "one introspection for a reused token");
            String revoked = as().introspection().issue();
            as().introspection().revoke(revoked);
            Reply inactive = send(base, "GET", "/api/data", "Authorization", "Bearer " + revoked);
            assertEquals(401, inactive.status());
            assertEquals(REALM + ", error=\"invalid_token\", error_description=\"The access token is not active\"" + metadata(base),
                    inactive.header("WWW-Authenticate"));
            as().introspection().fault(IntrospectionEndpoint.Fault.SERVER_ERROR);
            Reply down = send(base, "GET", "/api/data", "Authorization", "Bearer " + as().introspection().issue());
            assertEquals(500, down.status());
            assertEquals("server_error", down.code());
        }
    }

    @Test
    void severalIssuersAreTrustedWithoutSharingKeys() throws Exception {
        try (MockAuthorizationServer second = MockAuthorizationServer.start();
             ExampleLauncher.Running both = start(environment(as().issuer() + "," + second.issuer(), false))) {
            URI base = both.baseUri();
            assertEquals(200, send(base, "GET", "/api/data", "Authorization", "Bearer " + as().token().sign()).status());
            assertEquals(200, send(base, "GET", "/api/data", "Authorization", "Bearer " + second.token("ec-1").sign()).status());
            String confused = as().token().issuer(second.issuer()).sign();
            assertEquals(401, send(base, "GET", "/api/data", "Authorization", "Bearer " + confused).status());
            String unknown = as().token().issuer("https://unknown.example.com").sign();
            Reply reply = send(base, "GET", "/api/data", "Authorization", "Bearer " + unknown);
            assertEquals(401, reply.status());
            assertEquals(REALM + ", error=\"invalid_token\", error_description=\"The access token issuer is not trusted\"" + metadata(base),
                    reply.header("WWW-Authenticate"));
        }
    }

    // --- run contract

    private Process launch(Map<String, String> env) throws IOException {
        return launch(mainClass, env);
    }

    /** The example's main class in a child JVM, with only the run contract's variables given. */
    static Process launch(Class<?> mainClass, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), mainClass.getName())
                .redirectErrorStream(false);
        builder.environment().keySet().removeIf(k -> k.startsWith("OAUTH_") || k.startsWith("API_") || k.equals("PORT") || k.equals("HOST"));
        builder.environment().putAll(env);
        return builder.start();
    }

    static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Test
    void badConfigurationExitsWith1AndOneLine() throws Exception {
        for (Map<String, String> env : List.of(Map.of("PORT", "eighty"), Map.of("PORT", "0", "OAUTH_ISSUER", "not a url"),
                Map.of("PORT", "0", "HOST", "my_host"), Map.of("PORT", "0", "HOST", "256.1.1.1"), Map.of("PORT", "0", "HOST", "1.2.3"),
                Map.of("PORT", "0", "OAUTH_DPOP", "sometimes"), Map.of("PORT", "0", "OAUTH_DPOP_NONCE_SECRET", "short"),
                Map.of("PORT", "0", "OAUTH_REPLAY_MEMBERS", "127.0.0.1:5701"), Map.of("PORT", "0", "API_PUBLIC_URL", "ftp://x"),
                Map.of("PORT", "0", "HOST", "0.0.0.0", "OAUTH_REPLAY_MEMBERS", "127.0.0.1:5701", "OAUTH_REPLAY_PORT", "5701"))) {
            Process process = launch(env);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(1, process.exitValue(), stderr);
            assertTrue(stderr.startsWith("error: ") && !stderr.contains("\n"), stderr);
        }
    }

    @Test
    void listensExactlyOnTheIpv6LoopbackWhenAsked() throws Exception {
        Map<String, String> env = environment(as().issuer(), false);
        env.put("HOST", "::1");
        try (ExampleLauncher.Running v6 = start(env)) {
            assertEquals("[::1]", v6.baseUri().getHost());
            assertEquals(401, send(v6.baseUri(), "GET", "/api/data").status());
            assertEquals(200, send(v6.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as().token().sign()).status());
            // not on every interface: the same port on 127.0.0.1 has no listener
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), v6.baseUri().getPort()), 2000);
                throw new AssertionError("also listening on 127.0.0.1:" + v6.baseUri().getPort());
            } catch (java.net.ConnectException expected) {
                // refused: bound to ::1 only
            }
        }
    }

    @Test
    void startsWithTheMockServerPrintsCurlAndStopsOnSigterm() throws Exception {
        java.nio.file.Path stderrFile = java.nio.file.Files.createTempFile("example-stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), mainClass.getName())
                .redirectError(stderrFile.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OAUTH_") || k.startsWith("API_") || k.equals("PORT") || k.equals("HOST"));
        builder.environment().putAll(Map.of("PORT", "0", "HOST", "127.0.0.1"));
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String listening = out.readLine();
            assertTrue(listening != null && listening.startsWith("API listening on http://127.0.0.1:"), listening);
            URI base = URI.create(listening.split(" ")[3]);
            out.readLine();
            String curl = out.readLine().strip();
            out.readLine();
            assertEquals("curl -i " + base + "/api/data", out.readLine().strip());
            String token = curl.substring(curl.indexOf("Bearer ") + 7, curl.lastIndexOf('\''));
            assertEquals(200, send(base, "GET", "/api/data", "Authorization", "Bearer " + token).status());
            assertEquals(401, send(base, "GET", "/api/data").status());
            assertEquals(401, send(base, "GET", "/api/data", "Authorization", "Bearer " + as().token().sign()).status(),
                    "a token of another issuer: an ordinary 401");
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
            assertNotEquals(0, base.getPort());
            // a clean start, a 200 and ordinary 401s log one line per event, no warning, no stack trace
            for (String line : java.nio.file.Files.readString(stderrFile).split("\n")) {
                assertFalse(line.contains("WARNING") || line.contains("SEVERE") || line.startsWith("\tat ")
                        || line.startsWith("Caused by"), line);
                assertTrue(line.isEmpty() || line.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [A-Z]+ .*"), line);
            }
        } finally {
            process.destroyForcibly();
            java.nio.file.Files.deleteIfExists(stderrFile);
        }
    }
}
