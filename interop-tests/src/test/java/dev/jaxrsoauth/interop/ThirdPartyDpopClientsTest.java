package dev.jaxrsoauth.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;
import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPoP clients written by others (panva's {@code oauth4webapi} and {@code openid-client}, from npm) call both example
 * jars, started as a user starts them ({@code java -jar}, nonces on), with tokens of an authorization server bound to
 * the client's key: the nonce challenge is understood and retried, the next nonce is taken from the 200, both key
 * kinds' proofs are accepted under the names those libraries give them, and a refusal's challenge parses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyDpopClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MockAuthorizationServer authorizationServer;
    private final Map<String, ExampleJar> examples = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        authorizationServer = MockAuthorizationServer.start();
        for (String example : List.of("jersey-example", "resteasy-example")) {
            examples.put(example, ExampleJar.start(example, Map.of("OAUTH_ISSUER", authorizationServer.issuer(), "OAUTH_DPOP_NONCE", "true")));
        }
    }

    @AfterAll
    void stop() {
        examples.values().forEach(ExampleJar::close);
        authorizationServer.close();
    }

    static Stream<Arguments> runtimesAndKeys() {
        return Stream.of("jersey-example", "resteasy-example")
                .flatMap(example -> Stream.of(Arguments.of(example, "ES256", "ES256"), Arguments.of(example, "EdDSA", "Ed25519")));
    }

    /** Runs the npm clients; @return what they saw. */
    private JsonNode clients(String example, String token, SigningKey key) throws Exception {
        Path keyFile = Files.createTempFile("interop-client-", ".jwk");
        try {
            Files.writeString(keyFile, Jwks.UNSAFE_JSON(Jwks.builder().keyPair(key.keyPair()).build()), StandardCharsets.UTF_8);
            return Node.run("dpop-client.mjs", examples.get(example).baseUri() + "/api/data", token, keyFile.toString());
        } finally {
            Files.deleteIfExists(keyFile);
        }
    }

    @ParameterizedTest(name = "{0}, {1} client key")
    @MethodSource("runtimesAndKeys")
    void oauth4webapiAndOpenidClientCallWithProofsAndNonces(String example, String keyAlgorithm, String proofAlg) throws Exception {
        SigningKey key = SigningKey.generate("client", keyAlgorithm);
        JsonNode seen = clients(example, authorizationServer.token().dpopBound(key).sign(), key);

        JsonNode first = seen.path("oauth4webapi").get(0);
        assertEquals(401, first.path("status").asInt(), seen.toString());
        assertTrue(first.path("nonceError").asBoolean(), "oauth4webapi reads our use_dpop_nonce challenge: " + first);
        JsonNode challenge = first.path("challenges").get(0);
        assertEquals("dpop", challenge.path("scheme").asText());
        assertEquals("api", challenge.path("parameters").path("realm").asText());
        assertEquals("ES256 ES384 Ed25519 EdDSA PS256 RS256", challenge.path("parameters").path("algs").asText());

        for (int retry = 1; retry <= 2; retry++) {
            JsonNode ok = seen.path("oauth4webapi").get(retry);
            assertEquals(200, ok.path("status").asInt(), seen.toString());
            assertEquals("Data for user role 'none' and scope 'read'", ok.path("body").path("message").asText());
            assertTrue(ok.path("nextNonce").asBoolean(), "every DPoP success names the next nonce");
        }
        assertEquals(200, seen.path("openidClient").path("status").asInt(), "openid-client retries the nonce itself: " + seen);
        assertEquals(List.of(proofAlg, proofAlg, proofAlg), texts(seen.path("proofAlgs")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jersey-example", "resteasy-example"})
    void aProofByAnotherKeyGetsAChallengeTheClientsParse(String example) throws Exception {
        SigningKey bound = SigningKey.generate("bound", "ES256");
        SigningKey other = SigningKey.generate("other", "ES256");
        JsonNode seen = clients(example, authorizationServer.token().dpopBound(bound).sign(), other);

        // the key is wrong before the nonce is looked at: no nonce dance for a proof that can never pass
        for (int attempt = 0; attempt <= 2; attempt++) {
            JsonNode refused = seen.path("oauth4webapi").get(attempt);
            assertEquals(401, refused.path("status").asInt(), seen.toString());
            assertFalse(refused.path("nonceError").asBoolean());
            JsonNode parameters = refused.path("challenges").get(0).path("parameters");
            assertEquals("dpop", refused.path("challenges").get(0).path("scheme").asText());
            assertEquals("invalid_token", parameters.path("error").asText());
            assertEquals("The access token's key binding does not match the request", parameters.path("error_description").asText());
        }
        assertEquals(401, seen.path("openidClient").path("status").asInt(), seen.toString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The npm clients, installed by the build under {@code target/node} ({@code npm ci}). */
    static final class Node {
        private Node() {
        }

        static JsonNode run(String script, String... args) throws Exception {
            Path directory = Path.of(System.getProperty("interop.node.dir", "target/node"));
            List<String> command = new ArrayList<>(List.of("node", script));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " finishes");
            assertEquals(0, process.exitValue(), script + " printed: " + out);
            String[] lines = out.split("\n");
            return JSON.readTree(lines[lines.length - 1]);
        }
    }
}
