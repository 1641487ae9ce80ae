package dev.jaxrsoauth.example;

import dev.jaxrsoauth.DpopPolicy;
import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.Secured;
import dev.jaxrsoauth.example.DeployedConformance.Reply;
import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import dev.jaxrsoauth.testing.SigningKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.jaxrsoauth.example.DeployedConformance.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPoP (RFC 9449) over real HTTP, the same on every runtime: proofs, key binding, challenges, policies, nonces shared
 * by instances, replay protection for one instance and for two sharing a cache cluster (the same proof sent 8 times
 * at once passes exactly once), the public URL behind a proxy, introspected bound tokens, and the mock mode's proof
 * command. Every API here runs the examples' own 401 mapper, which keeps the protocol headers through
 * {@code e.responseHeaders()}. A runtime's test is a subclass whose constructor names the runtime and the main class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DpopConformance {

    /** The authorization server every API under test trusts. */
    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    /** The default proof algorithms, as challenges name them. */
    private static final String ALGS = "algs=\"ES256 ES384 Ed25519 EdDSA PS256 RS256\"";
    private static final String SECRET = "a shared nonce secret, 32 bytes or more";

    private final ExampleLauncher.Runtime runtime;
    private final Class<?> mainClass;
    private final SigningKey client = SigningKey.generate("client", "ES256");
    private ExampleLauncher.Running api;

    /**
     * @param runtime boots an application on the runtime under test
     * @param mainClass the example's main class, started in a child JVM for the proof command
     */
    protected DpopConformance(ExampleLauncher.Runtime runtime, Class<?> mainClass) {
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

    /** Where each API under test says its protected resource metadata is, by its base URI. */
    private final Map<String, String> metadataUrls = new java.util.concurrent.ConcurrentHashMap<>();

    /** The example API on 127.0.0.1 trusting the mock server, with these run-contract variables added. */
    private ExampleLauncher.Running start(Map<String, String> extra) throws Exception {
        Map<String, String> env = ConformanceSuite.environment(as().issuer(), false);
        env.putAll(extra);
        ExampleLauncher.Running running = ExampleLauncher.start(ExampleSettings.from(env), runtime,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        String publicUrl = extra.get("API_PUBLIC_URL");
        if (publicUrl != null) {
            // RFC 9728 §3.1: the well-known path between the host and the resource's path
            URI url = URI.create(publicUrl);
            String path = url.getRawPath() == null || url.getRawPath().equals("/") ? "" : url.getRawPath();
            metadataUrls.put(running.baseUri().toString(), url.getScheme() + "://" + url.getRawAuthority() + "/.well-known/oauth-protected-resource" + path);
        }
        return running;
    }

    /** @return the {@code resource_metadata} parameter every 401 challenge of the API that sent this reply ends with */
    private String metadata(Reply reply) {
        URI request = reply.raw().uri();
        String base = request.getScheme() + "://" + request.getRawAuthority();
        return ", resource_metadata=\"" + metadataUrls.getOrDefault(base, base + "/.well-known/oauth-protected-resource") + "\"";
    }

    private static MockAuthorizationServer as() {
        return AUTH.server();
    }

    private String bound() {
        return as().token().dpopBound(client).sign();
    }

    private DpopProof proof(URI url, String method, String token) {
        return DpopProof.create(client, method, url, Instant.now()).accessToken(token);
    }

    /** {@code GET} with {@code Authorization: DPoP <token>} and one {@code DPoP} header per proof. */
    private static Reply dpop(URI base, String path, String token, String... proofs) {
        List<String> headers = new ArrayList<>(List.of("Authorization", "DPoP " + token));
        for (String proof : proofs) {
            headers.add("DPoP");
            headers.add(proof);
        }
        return send(base, "GET", path, headers.toArray(String[]::new));
    }

    private Reply data(String token, String proof) {
        return dpop(api.baseUri(), "/api/data", token, proof);
    }

    /** A fresh proof for {@code GET /api/data} on that API, sent with the token. */
    private Reply freshRequest(ExampleLauncher.Running on, String token) {
        return dpop(on.baseUri(), "/api/data", token, proof(on.baseUri().resolve("/api/data"), "GET", token).sign());
    }

    private void assertRefused(Reply reply, String scheme, String error, Reason reason) {
        assertEquals(401, reply.status(), reply.body());
        assertEquals(List.of(scheme + " realm=\"api\", error=\"" + error + "\", error_description=\"" + reason.description() + "\""
                + (scheme.equals("DPoP") ? ", " + ALGS : "") + metadata(reply)), reply.headers("WWW-Authenticate"));
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals(error, reply.code());
        assertEquals(reason.description(), reply.json().path("message").asText());
    }

    private void assertInvalidProof(Reply reply) {
        assertRefused(reply, "DPoP", "invalid_dpop_proof", Reason.DPOP_PROOF);
    }

    // --- refusals first

    @Test
    void withoutATokenBothSchemesAreOfferedBearerFirst() {
        Reply reply = send(api.baseUri(), "GET", "/api/data");
        assertEquals(401, reply.status());
        assertEquals(List.of("Bearer realm=\"api\"" + metadata(reply), "DPoP realm=\"api\", " + ALGS + metadata(reply)),
                reply.headers("WWW-Authenticate"));
        assertTrue(reply.json().has("hint"), "the example's own mapper answered: " + reply.body());
    }

    @Test
    void aBoundTokenWithoutAProofIsAnInvalidProof() {
        assertInvalidProof(dpop(api.baseUri(), "/api/data", bound()));
    }

    @Test
    void aBoundTokenSentAsBearerIsRefused() {
        Reply reply = send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + bound());
        assertRefused(reply, "DPoP", "invalid_token", Reason.DPOP_BINDING);
    }

    @Test
    void anUnboundTokenSentWithDpopIsRefused() {
        String token = as().token().sign();
        assertRefused(data(token, proof(api.baseUri().resolve("/api/data"), "GET", token).sign()), "DPoP", "invalid_token", Reason.DPOP_BINDING);
    }

    @Test
    void aProofByAnotherKeyThanTheBindingIsRefused() {
        String token = bound();
        String other = DpopProof.create(SigningKey.generate("other", "ES256"), "GET", api.baseUri().resolve("/api/data"), Instant.now())
                .accessToken(token).sign();
        assertRefused(data(token, other), "DPoP", "invalid_token", Reason.DPOP_BINDING);
    }

    @Test
    void aProofForAnotherMethodUrlTokenOrTimeIsRefused() {
        String token = bound();
        URI url = api.baseUri().resolve("/api/data");
        List<Function<DpopProof, DpopProof>> wrong = List.of(
                p -> p.claim("htm", "POST"),
                p -> p.claim("htu", api.baseUri().resolve("/api/me").toString()),
                p -> p.claim("htu", "https://evil.example.com/api/data"),
                p -> p.accessToken(as().token().dpopBound(client).sign()),
                p -> p.without("ath"),
                p -> p.issuedAt(Instant.now().minus(Duration.ofMinutes(10))),
                p -> p.issuedAt(Instant.now().plus(Duration.ofMinutes(10))),
                p -> p.without("jti"),
                p -> p.header("typ", "JWT"),
                p -> p.header("alg", "HS256"));
        for (Function<DpopProof, DpopProof> breakIt : wrong) {
            assertInvalidProof(data(token, breakIt.apply(proof(url, "GET", token)).sign()));
        }
    }

    @Test
    void malformedProofsAre401sWithTheJsonBodyNeverServerErrors() {
        String token = bound();
        String valid = proof(api.baseUri().resolve("/api/data"), "GET", token).sign();
        String[] parts = valid.split("\\.");
        String privateJwk = proofWithPrivateKeyMembers(token);
        List<String> garbage = List.of("garbage", "a.b.c", "..", valid + ".", parts[0] + "." + parts[1] + ".",
                "!!!." + parts[1] + "." + parts[2], token, privateJwk, "x".repeat(9 * 1024),
                encode("{\"typ\":\"dpop+jwt\",\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}") + "." + parts[1] + "." + parts[2],
                encode("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":\"not an object\"}") + "." + parts[1] + "." + parts[2],
                encode("[]") + "." + parts[1] + "." + parts[2]);
        for (String proof : garbage) {
            assertInvalidProof(data(token, proof));
        }
        // two DPoP headers, even two valid ones
        assertInvalidProof(dpop(api.baseUri(), "/api/data", token, valid, proof(api.baseUri().resolve("/api/data"), "GET", token).sign()));
    }

    private String proofWithPrivateKeyMembers(String token) {
        Map<String, Object> jwk = new java.util.LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        java.security.interfaces.ECPublicKey key = (java.security.interfaces.ECPublicKey) client.publicKey();
        jwk.put("x", coordinate(key.getW().getAffineX()));
        jwk.put("y", coordinate(key.getW().getAffineY()));
        jwk.put("d", coordinate(((java.security.interfaces.ECPrivateKey) client.keyPair().getPrivate()).getS()));
        return proof(api.baseUri().resolve("/api/data"), "GET", token).header("jwk", jwk).sign();
    }

    private static String coordinate(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aProofIsAcceptedOnce() {
        String token = bound();
        String proof = proof(api.baseUri().resolve("/api/data"), "GET", token).sign();
        assertEquals(200, data(token, proof).status());
        assertInvalidProof(data(token, proof));
        // the token itself is fine: a fresh proof passes (the token cache still asks for one each time)
        assertEquals(200, freshRequest(api, token).status());
        assertEquals(200, freshRequest(api, token).status());
    }

    @Test
    void theSameProofSentEightTimesAtOncePassesExactlyOnce() throws Exception {
        String token = bound();
        String proof = proof(api.baseUri().resolve("/api/data"), "GET", token).sign();
        assertEquals(List.of(200, 401, 401, 401, 401, 401, 401, 401), race(List.of(api, api, api, api, api, api, api, api), token, proof));
    }

    /** Sends the same request to each API at once; @return the statuses, sorted. */
    private static List<Integer> race(List<ExampleLauncher.Running> targets, String token, String proof) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (ExampleLauncher.Running target : targets) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return dpop(target.baseUri(), "/api/data", token, proof).status();
                }));
            }
            start.countDown();
            List<Integer> result = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                result.add(status.get(60, TimeUnit.SECONDS));
            }
            result.sort(null);
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    // --- then what passes

    @Test
    void aBoundTokenWithAFreshProofGets200() {
        Reply reply = freshRequest(api, bound());
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Data for user role 'none' and scope 'read'", reply.json().path("message").asText());
        assertNull(reply.header("DPoP-Nonce"), "nonces are off");
    }

    @Test
    void plainBearerTokensStillPassWhenDpopIsAllowed() {
        assertEquals(200, send(api.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as().token().sign()).status());
    }

    // --- policies

    @Test
    void requiredRefusesBearerTokensAndOffersOnlyDpop() throws Exception {
        try (ExampleLauncher.Running required = start(Map.of("OAUTH_DPOP", "required"))) {
            assertRefused(send(required.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + as().token().sign()),
                    "DPoP", "invalid_token", Reason.DPOP_REQUIRED);
            Reply missing = send(required.baseUri(), "GET", "/api/data");
            assertEquals(List.of("DPoP realm=\"api\", " + ALGS + metadata(missing)), missing.headers("WWW-Authenticate"));
            assertEquals(200, freshRequest(required, bound()).status());
        }
    }

    @Test
    void offTreatsDpopAsAnotherSchemeAndBoundTokensStayRefused() throws Exception {
        try (ExampleLauncher.Running off = start(Map.of("OAUTH_DPOP", "off"))) {
            String token = bound();
            Reply dpop = freshRequest(off, token);
            assertEquals(401, dpop.status());
            assertEquals(List.of("Bearer realm=\"api\"" + metadata(dpop)), dpop.headers("WWW-Authenticate"));
            assertEquals(401, send(off.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + token).status());
            Reply missing = send(off.baseUri(), "GET", "/api/data");
            assertEquals(List.of("Bearer realm=\"api\"" + metadata(missing)), missing.headers("WWW-Authenticate"));
        }
    }

    /** {@code @Secured(dpop = ...)} on resources of an application whose own policy is the default. */
    public static final class PolicyResources {
        private PolicyResources() {
        }

        @Path("/dpop-only")
        public static class DpopOnly {
            @GET
            @Produces(MediaType.TEXT_PLAIN)
            @Secured(dpop = DpopPolicy.REQUIRED)
            public String get() {
                return "dpop only";
            }
        }

        @Path("/bearer-only")
        public static class BearerOnly {
            @GET
            @Produces(MediaType.TEXT_PLAIN)
            @Secured(dpop = DpopPolicy.OFF)
            public String get() {
                return "bearer only";
            }
        }
    }

    @Test
    void aResourcesOwnPolicyDecidesItsChallengesAndRefusals() throws Exception {
        Application application = new Application() {
            @Override
            public Set<Class<?>> getClasses() {
                return Set.of(OAuthFeature.class, PolicyResources.DpopOnly.class, PolicyResources.BearerOnly.class);
            }

            @Override
            public Map<String, Object> getProperties() {
                return Map.of("jaxrs-oauth.issuer", as().issuer(), "jaxrs-oauth.audience", "api");
            }
        };
        try (ExampleLauncher.Server server = runtime.start(application, InetAddress.getLoopbackAddress(), 0)) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            Reply dpopOnly = send(base, "GET", "/dpop-only");
            assertEquals(List.of("DPoP realm=\"api\", " + ALGS + metadata(dpopOnly)), dpopOnly.headers("WWW-Authenticate"));
            assertRefused(send(base, "GET", "/dpop-only", "Authorization", "Bearer " + as().token().sign()),
                    "DPoP", "invalid_token", Reason.DPOP_REQUIRED);
            String token = bound();
            assertEquals(200, dpop(base, "/dpop-only", token, proof(base.resolve("/dpop-only"), "GET", token).sign()).status());

            Reply bearerOnly = send(base, "GET", "/bearer-only");
            assertEquals(List.of("Bearer realm=\"api\"" + metadata(bearerOnly)), bearerOnly.headers("WWW-Authenticate"));
            assertEquals(401, dpop(base, "/bearer-only", token, proof(base.resolve("/bearer-only"), "GET", token).sign()).status());
            assertEquals(200, send(base, "GET", "/bearer-only", "Authorization", "Bearer " + as().token().sign()).status());
        }
    }

    // --- nonces

    @Test
    void noncesAreAskedForThenAcceptedAndRenewedOnEveryInstanceSharingTheSecret() throws Exception {
        Map<String, String> nonces = Map.of("OAUTH_DPOP_NONCE", "true", "OAUTH_DPOP_NONCE_SECRET", SECRET);
        try (ExampleLauncher.Running a = start(nonces); ExampleLauncher.Running b = start(nonces);
             ExampleLauncher.Running other = start(Map.of("OAUTH_DPOP_NONCE", "true"))) {
            String token = bound();
            Reply first = freshRequest(a, token);
            assertRefused(first, "DPoP", "use_dpop_nonce", Reason.DPOP_NONCE);
            String nonce = first.header("DPoP-Nonce");
            assertNotNull(nonce);

            Reply retry = dpop(a.baseUri(), "/api/data", token, proof(a.baseUri().resolve("/api/data"), "GET", token).nonce(nonce).sign());
            assertEquals(200, retry.status(), retry.body());
            assertNotNull(retry.header("DPoP-Nonce"), "a successful response carries the next nonce");
            // another instance with the same secret takes it without having issued it
            assertEquals(200, dpop(b.baseUri(), "/api/data", token, proof(b.baseUri().resolve("/api/data"), "GET", token).nonce(nonce).sign()).status());
            // one with its own secret does not, and names its own nonce
            Reply refused = dpop(other.baseUri(), "/api/data", token, proof(other.baseUri().resolve("/api/data"), "GET", token).nonce(nonce).sign());
            assertRefused(refused, "DPoP", "use_dpop_nonce", Reason.DPOP_NONCE);
            assertTrue(!nonce.equals(refused.header("DPoP-Nonce")), "a different secret, a different nonce");
            // a made-up nonce is no better than none
            assertRefused(dpop(a.baseUri(), "/api/data", token, proof(a.baseUri().resolve("/api/data"), "GET", token).nonce("AAAA").sign()),
                    "DPoP", "use_dpop_nonce", Reason.DPOP_NONCE);
        }
    }

    // --- the URL clients call

    @Test
    void behindAProxyTheProofNamesThePublicUrl() throws Exception {
        try (ExampleLauncher.Running proxied = start(Map.of("API_PUBLIC_URL", "https://api.example.com/gateway"))) {
            String token = bound();
            URI internal = proxied.baseUri().resolve("/api/data");
            assertInvalidProof(dpop(proxied.baseUri(), "/api/data", token, proof(internal, "GET", token).sign()));
            String publicProof = proof(URI.create("https://api.example.com/gateway/api/data"), "GET", token).sign();
            assertEquals(200, dpop(proxied.baseUri(), "/api/data?page=2", token, publicProof).status());
        }
    }

    // --- introspection

    @Test
    void anIntrospectedTokenBoundByCnfNeedsItsProof() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("OAUTH_INTROSPECTION_URI", as().issuer() + IntrospectionEndpoint.PATH,
                "OAUTH_CLIENT_ID", IntrospectionEndpoint.CLIENT_ID, "OAUTH_CLIENT_SECRET", IntrospectionEndpoint.CLIENT_SECRET));
        try (ExampleLauncher.Running introspecting = start(env)) {
            String opaque = as().introspection().issue(Map.of("cnf", Map.of("jkt", DpopProof.thumbprint(client))));
            assertRefused(send(introspecting.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + opaque),
                    "DPoP", "invalid_token", Reason.DPOP_BINDING);
            assertEquals(200, freshRequest(introspecting, opaque).status());
            // the cached answer still needs a fresh proof
            assertEquals(200, freshRequest(introspecting, opaque).status());
            // one cached refusal, answered per request: a Bearer challenge to a Bearer request, a DPoP one to DPoP
            String unbound = as().introspection().issue(Map.of("aud", "another-api"));
            assertRefused(send(introspecting.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + unbound),
                    "Bearer", "invalid_token", Reason.AUDIENCE);
            assertRefused(freshRequest(introspecting, unbound), "DPoP", "invalid_token", Reason.AUDIENCE);
            assertRefused(send(introspecting.baseUri(), "GET", "/api/data", "Authorization", "Bearer " + unbound),
                    "Bearer", "invalid_token", Reason.AUDIENCE);
        }
    }

    // --- a fleet

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void withoutASharedCacheTwoInstancesEachAcceptTheSameProof() throws Exception {
        // the control for the cluster test below: what a fleet without shared replay protection lets through
        Map<String, String> publicUrl = Map.of("API_PUBLIC_URL", "https://api.example.com");
        try (ExampleLauncher.Running a = start(publicUrl); ExampleLauncher.Running b = start(publicUrl)) {
            String token = bound();
            String proof = proof(URI.create("https://api.example.com/api/data"), "GET", token).sign();
            assertEquals(200, dpop(a.baseUri(), "/api/data", token, proof).status());
            assertEquals(200, dpop(b.baseUri(), "/api/data", token, proof).status());
        }
    }

    @Test
    void twoInstancesSharingACacheClusterRefuseAProofTheOtherAccepted() throws Exception {
        Map<String, String> publicUrl = Map.of("API_PUBLIC_URL", "https://api.example.com");
        int[] ports = {freePort(), freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        List<ExampleLauncher.Running> instances = new ArrayList<>();
        try {
            for (int port : ports) {
                Map<String, String> env = new java.util.HashMap<>(publicUrl);
                env.putAll(Map.of("OAUTH_REPLAY_MEMBERS", members, "OAUTH_REPLAY_PORT", String.valueOf(port)));
                instances.add(start(env));
            }
            // the second joined the first while it started (Hazelcast's join completes before the instance returns)
            assertEquals(List.of(2, 2), instances.stream().map(ExampleLauncher.Running::replayMembers).toList());
            ExampleLauncher.Running a = instances.get(0);
            ExampleLauncher.Running b = instances.get(1);
            String token = bound();
            // behind one public URL, as a load balancer spreads one client's requests
            String proof = proof(URI.create("https://api.example.com/api/data"), "GET", token).sign();
            assertEquals(200, dpop(a.baseUri(), "/api/data", token, proof).status());
            assertInvalidProof(dpop(b.baseUri(), "/api/data", token, proof));
            assertInvalidProof(dpop(a.baseUri(), "/api/data", token, proof));

            String raced = proof(URI.create("https://api.example.com/api/data"), "GET", token).sign();
            assertEquals(List.of(200, 401, 401, 401, 401, 401, 401, 401), race(List.of(a, b, a, b, a, b, a, b), token, raced));
        } finally {
            instances.forEach(ExampleLauncher.Running::close);
        }
    }

    // --- the mock mode's lesson

    @Test
    void theMockModePrintsABoundTokenAndAProofCommandThatWork() throws Exception {
        Process process = ConformanceSuite.launch(mainClass, Map.of("PORT", "0", "HOST", "127.0.0.1", "OAUTH_DPOP_NONCE", "true"));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String listening = out.readLine();
            assertTrue(listening != null && listening.startsWith("API listening on "), listening);
            URI base = URI.create(listening.split(" ")[3]);
            String token = null;
            Matcher command = null;
            for (String line = out.readLine(); line != null && command == null; line = out.readLine()) {
                if (line.startsWith("  TOKEN='")) {
                    token = line.substring("  TOKEN='".length(), line.length() - 1);
                }
                Matcher m = Pattern.compile("^  PROOF=\"\\$\\(java -cp '([^']*)' (\\S+) (\\S+) GET (\\S+) \"\\$TOKEN\"\\)\"$").matcher(line);
                if (m.matches()) {
                    command = m;
                }
            }
            assertNotNull(token, "a bound token is printed");
            assertNotNull(command, "a proof command is printed");
            assertEquals(DpopProofTool.class.getName(), command.group(2));
            assertEquals(base + "/api/data", command.group(4));
            String[] tool = {command.group(3), "GET", command.group(4), token};

            Reply first = dpop(base, "/api/data", token, sign(command.group(1), tool));
            assertEquals(401, first.status(), first.body());
            assertEquals("use_dpop_nonce", first.code());
            String nonce = first.header("DPoP-Nonce");
            String[] withNonce = java.util.Arrays.copyOf(tool, 5);
            withNonce[4] = nonce;
            Reply ok = dpop(base, "/api/data", token, sign(command.group(1), withNonce));
            assertEquals(200, ok.status(), ok.body());
            assertEquals("Data for user role 'none' and scope 'read write'", ok.json().path("message").asText());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    /** Runs the printed proof command, as a user's shell would. */
    private static String sign(String classpath, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ConformanceSuite.java(), "-cp", classpath, DpopProofTool.class.getName()));
        command.addAll(List.of(args));
        Process tool = new ProcessBuilder(command).start();
        String proof = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String error = new String(tool.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tool.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tool.exitValue(), error);
        return proof;
    }
}
