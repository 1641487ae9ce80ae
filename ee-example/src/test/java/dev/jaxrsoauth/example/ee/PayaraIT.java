package dev.jaxrsoauth.example.ee;

import dev.jaxrsoauth.example.DeployedConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
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
 * the library's JSON. The inherited {@link DeployedConformance} tests run against the examples' shared API that the
 * WAR serves under {@code /conformance}; the tests here against the WAR's own CDI resources. When the server cannot
 * start on the machine, the class is skipped with its log's last lines.
 */
class PayaraIT extends DeployedConformance {

    private Process server;
    private URI base;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    protected URI baseUri() {
        return URI.create(base + "/conformance");
    }

    @BeforeAll
    void start() throws Exception {
        Path target = Path.of(System.getProperty("ee.war")).getParent();
        int port = freePort();
        Path preboot = target.resolve("payara-preboot.txt");
        Files.writeString(preboot, String.join("\n",
                // the HTTP listener on loopback only (Payara Micro listens on every interface by default)
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1",
                // room for the suite's 16 KiB tokens, as the other examples' containers are given (README, "Header size")
                "set configs.config.server-config.network-config.protocols.protocol.http-listener.http.header-buffer-length-bytes=32768",
                ""));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // MicroProfile Config reads system properties: the application has no settings of its own
                "-Djaxrs-oauth.issuer=" + as().issuer(), "-Djaxrs-oauth.audience=api", "-Djaxrs-oauth.role-claims=role",
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
    }

    @Override
    @Test
    protected void theChallengesMetadataUrlServesThisResource() {
        // RFC 9728 §3.1 puts the metadata of http://host/conformance/ at http://host/.well-known/oauth-protected-resource/conformance/:
        // outside /conformance, in the WAR's root application, which serves only its own. The documented limit of an
        // application under a path (README: route the host's well-known path to it); the root application's own is served.
        URI url = advertisedMetadata();
        assertEquals(base + "/.well-known/oauth-protected-resource/conformance/", url.toString());
        assertEquals(404, send(url, "GET", "").status());
        assertEquals(base + "/", send(base, "GET", "/.well-known/oauth-protected-resource").json().path("resource").asText());
    }

    private Reply get(String path, String token) {
        return token == null ? send(base, "GET", path) : send(base, "GET", path, "Authorization", "Bearer " + token);
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
    void withoutATokenTheLibrarysJson401() {
        Reply reply = get("/api/data", null);
        assertEquals(401, reply.status(), reply.body());
        assertEquals("invalid_token", reply.code(), reply.body());
        assertEquals("Bearer realm=\"api\"" + metadata(base), reply.header("WWW-Authenticate"));
        assertEquals("no-store", reply.header("Cache-Control"));
    }

    @Test
    void refusalsAreTheLibrarysJson() {
        Reply expired = get("/api/data", as().token().scope("read").expiresAt(Instant.now().minusSeconds(600)).sign());
        assertEquals(401, expired.status(), expired.body());
        assertEquals("The access token has expired", expired.json().path("message").asText());
        Reply otherAudience = get("/api/data", as().token().scope("read").audience("other").sign());
        assertEquals(401, otherAudience.status());
        Reply noScope = get("/api/data", as().token().scope("write").sign());
        assertEquals(403, noScope.status(), noScope.body());
        assertEquals("insufficient_scope", noScope.code());
        Reply noRole = get("/api/admin", as().token().claim("role", "user").sign());
        assertEquals(403, noRole.status(), noRole.body());
        assertEquals("access_denied", noRole.code());
        Reply noRoleAtAll = get("/api/admin", as().token().sign());
        assertEquals(403, noRoleAtAll.status(), noRoleAtAll.body());
    }

    @Test
    void aValidTokenReachesTheResourceAndCdiInjectsTheCaller() {
        Reply data = get("/api/data", as().token().subject("alice").scope("read").sign());
        assertEquals(200, data.status(), data.body());
        assertEquals("Data for alice with scope 'read'", data.json().path("message").asText());
        Reply me = get("/api/me", as().token().subject("alice").scope("read write").claim("client_id", "web").sign());
        assertEquals(200, me.status(), me.body());
        assertEquals("alice", me.json().path("sub").asText());
        assertEquals("web", me.json().path("client_id").asText());
        assertTrue(me.json().path("exp").asLong() > Instant.now().getEpochSecond(), me.body());
        Reply admin = get("/api/admin", as().token().claim("role", "admin").sign());
        assertEquals(200, admin.status(), admin.body() + " " + admin.raw().headers().map());
    }

    @Test
    void rolesAllowedOnACdiBeanIsTheLibrarysCheckOnly() {
        Reply user = get("/api/admin-roles", as().token().claim("role", "user").sign());
        assertEquals(403, user.status(), user.body());
        assertEquals("access_denied", user.code());
        assertEquals(401, get("/api/admin-roles", null).status());
        // Payara's own @RolesAllowed filter (it asks the server's login and answers 401 Basic) is off: payara-web.xml
        Reply admin = get("/api/admin-roles", as().token().claim("role", "admin").sign());
        assertEquals(200, admin.status(), admin.body() + " " + admin.raw().headers().map());
        assertEquals("Hello admin alice", get("/api/admin-roles", as().token().subject("alice").claim("role", "admin").sign())
                .json().path("message").asText());
    }

    @Test
    void anApplicationScopedServiceSeesEachRequestsOwnCaller() {
        for (String user : List.of("alice", "bob", "carol")) {
            Reply greeting = get("/api/greeting", as().token().subject(user).sign());
            assertEquals(200, greeting.status(), greeting.body());
            assertEquals("Hello " + user, greeting.json().path("message").asText());
        }
    }

    @Test
    void anOpenResourceHasNoCallerToInject() {
        Reply open = get("/api/public", as().token().subject("alice").sign());
        assertEquals(200, open.status(), open.body());
        assertTrue(open.json().path("caller").isNull(), "a token on an open resource is never verified, so never injected: " + open.body());
    }

    @Test
    void theMetadataNamesTheIssuerFromMicroProfileConfig() {
        Reply metadata = get("/.well-known/oauth-protected-resource", null);
        assertEquals(200, metadata.status(), metadata.body());
        assertEquals(as().issuer(), metadata.json().path("authorization_servers").path(0).asText());
        assertTrue(metadata.json().path("scopes_supported").toString().contains("read"), metadata.body());
    }
}
