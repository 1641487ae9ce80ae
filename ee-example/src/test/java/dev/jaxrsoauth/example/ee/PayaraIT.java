package dev.jaxrsoauth.example.ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WAR on a real Jakarta EE 10 server, Payara Micro, started by the build from Maven Central's jar on 127.0.0.1:
 * settings from MicroProfile Config (system properties given to the server), the caller injected by CDI, every denial
 * the library's JSON. When the server cannot start on the machine, the class is skipped with its log's last lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayaraIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    private MockAuthorizationServer as;
    private Process server;
    private URI base;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeAll
    void start() throws Exception {
        as = MockAuthorizationServer.builder().audience("api").start();
        Path target = Path.of(System.getProperty("ee.war")).getParent();
        int port = freePort();
        // the HTTP listener on loopback only (Payara Micro listens on every interface by default)
        Path preboot = target.resolve("payara-preboot.txt");
        Files.writeString(preboot, "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // MicroProfile Config reads system properties: the application has no settings of its own
                "-Djaxrs-oauth.issuer=" + as.issuer(), "-Djaxrs-oauth.audience=api", "-Djaxrs-oauth.role-claims=role",
                "-jar", System.getProperty("ee.server"),
                "--deploy", System.getProperty("ee.war"), "--contextroot", "/",
                "--port", Integer.toString(port), "--nocluster",
                "--prebootcommandfile", preboot.toString(), "--rootdir", target.resolve("payara-root").toString()));
        server = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    log.add(line);
                    if (line.contains("Payara Micro") && line.contains("ready in")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                log.add("log reader: " + e);
            }
            ready.countDown();
        }, "payara-log");
        reader.setDaemon(true);
        reader.start();
        boolean up = ready.await(300, TimeUnit.SECONDS) && server.isAlive();
        base = URI.create("http://127.0.0.1:" + port);
        if (!up) {
            String tail = String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size()));
            boolean ran = log.stream().anyMatch(line -> line.contains("Payara Micro") || line.contains("fish.payara"));
            stop();
            // a server that never ran is the machine's problem (skipped, with why); one that ran and failed is ours
            Assumptions.assumeTrue(ran, "Payara Micro could not start on this machine; its output:\n" + tail);
            org.junit.jupiter.api.Assertions.fail("Payara Micro started but the application did not become ready; its log ends with:\n" + tail);
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (server != null) {
            server.toHandle().descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (as != null) {
            as.close();
        }
    }

    private record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private Reply get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(java.time.Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    @Test
    void theServerListensOnLoopbackOnly() throws Exception {
        java.util.List<InetAddress> others = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
        Assumptions.assumeFalse(others.isEmpty(), "no other interface to try");
        for (InetAddress other : others) {
            try (java.net.Socket socket = new java.net.Socket()) {
                // refused, not merely unanswered: nothing listens there
                org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
                        () -> socket.connect(new java.net.InetSocketAddress(other, base.getPort()), 2000), "reachable on " + other);
            }
        }
    }

    @Test
    void withoutATokenTheLibrarysJson401() throws Exception {
        Reply reply = get("/api/data", null);
        assertEquals(401, reply.status(), reply.body());
        assertEquals("invalid_token", reply.json().path("code").asText(), reply.body());
        assertEquals("Bearer realm=\"api\", resource_metadata=\"" + base + "/.well-known/oauth-protected-resource\"",
                reply.raw().headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals("no-store", reply.raw().headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void refusalsAreTheLibrarysJson() throws Exception {
        Reply expired = get("/api/data", as.token().scope("read").expiresAt(Instant.now().minusSeconds(600)).sign());
        assertEquals(401, expired.status(), expired.body());
        assertEquals("The access token has expired", expired.json().path("message").asText());
        Reply otherAudience = get("/api/data", as.token().scope("read").audience("other").sign());
        assertEquals(401, otherAudience.status());
        Reply noScope = get("/api/data", as.token().scope("write").sign());
        assertEquals(403, noScope.status(), noScope.body());
        assertEquals("insufficient_scope", noScope.json().path("code").asText());
        Reply noRole = get("/api/admin", as.token().claim("role", "user").sign());
        assertEquals(403, noRole.status(), noRole.body());
        assertEquals("access_denied", noRole.json().path("code").asText());
        Reply noRoleAtAll = get("/api/admin", as.token().sign());
        assertEquals(403, noRoleAtAll.status(), noRoleAtAll.body());
    }

    @Test
    void aValidTokenReachesTheResourceAndCdiInjectsTheCaller() throws Exception {
        Reply data = get("/api/data", as.token().subject("alice").scope("read").sign());
        assertEquals(200, data.status(), data.body());
        assertEquals("Data for alice with scope 'read'", data.json().path("message").asText());
        Reply me = get("/api/me", as.token().subject("alice").scope("read write").claim("client_id", "web").sign());
        assertEquals(200, me.status(), me.body());
        assertEquals("alice", me.json().path("sub").asText());
        assertEquals("web", me.json().path("client_id").asText());
        assertTrue(me.json().path("exp").asLong() > Instant.now().getEpochSecond(), me.body());
        Reply admin = get("/api/admin", as.token().claim("role", "admin").sign());
        assertEquals(200, admin.status(), admin.body() + " " + admin.raw().headers().map());
    }

    @Test
    void rolesAllowedOnACdiBeanIsAlsoTheServersCheck() throws Exception {
        // the library's check comes first: another role gets its JSON 403
        Reply user = get("/api/admin-roles", as.token().claim("role", "user").sign());
        assertEquals(403, user.status(), user.body());
        assertEquals("access_denied", user.json().path("code").asText());
        // then the server's own @RolesAllowed interceptor, which knows only its own login: documented, not ours
        Reply admin = get("/api/admin-roles", as.token().claim("role", "admin").sign());
        assertEquals(401, admin.status(), admin.body());
        assertEquals("Basic realm=\"\"", admin.raw().headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void anApplicationScopedServiceSeesEachRequestsOwnCaller() throws Exception {
        for (String user : List.of("alice", "bob", "carol")) {
            Reply greeting = get("/api/greeting", as.token().subject(user).sign());
            assertEquals(200, greeting.status(), greeting.body());
            assertEquals("Hello " + user, greeting.json().path("message").asText());
        }
    }

    @Test
    void anOpenResourceHasNoCallerToInject() throws Exception {
        Reply open = get("/api/public", as.token().subject("alice").sign());
        assertEquals(200, open.status(), open.body());
        assertTrue(open.json().path("caller").isNull(), "a token on an open resource is never verified, so never injected: " + open.body());
    }

    @Test
    void theMetadataNamesTheIssuerFromMicroProfileConfig() throws Exception {
        Reply metadata = get("/.well-known/oauth-protected-resource", null);
        assertEquals(200, metadata.status(), metadata.body());
        assertEquals(as.issuer(), metadata.json().path("authorization_servers").path(0).asText());
        assertTrue(metadata.json().path("scopes_supported").toString().contains("read"), metadata.body());
    }
}
