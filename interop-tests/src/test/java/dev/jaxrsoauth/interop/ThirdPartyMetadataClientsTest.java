package dev.jaxrsoauth.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clients written by others find out what the example jars need, as they would on their own: the Model Context
 * Protocol TypeScript SDK follows the {@code resource_metadata} of a 401 to the protected resource metadata (RFC 9728)
 * and selects the resource; oauth4webapi discovers it from the resource identifier and checks {@code resource}; and
 * reads the step-up challenge (RFC 9470) of {@code /api/payments}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyMetadataClientsTest {

    private MockAuthorizationServer authorizationServer;
    private final Map<String, ExampleJar> examples = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        authorizationServer = MockAuthorizationServer.start();
        for (String example : List.of("jersey-example", "resteasy-example")) {
            int port = freePort();
            String resource = "http://127.0.0.1:" + port;
            resources.put(example, resource);
            examples.put(example, ExampleJar.start(example, Map.of("OAUTH_ISSUER", authorizationServer.issuer(),
                    "PORT", String.valueOf(port), "API_PUBLIC_URL", resource)));
        }
    }

    @AfterAll
    void stop() {
        examples.values().forEach(ExampleJar::close);
        authorizationServer.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jersey-example", "resteasy-example"})
    void theMcpSdkAndOauth4webapiDiscoverWhatTheApiNeeds(String example) throws Exception {
        String resource = resources.get(example);
        JsonNode seen = ThirdPartyDpopClientsTest.Node.run("metadata-client.mjs", resource, authorizationServer.token().sign());

        JsonNode mcp = seen.path("mcp");
        assertEquals(401, mcp.path("status").asInt(), seen.toString());
        assertEquals(resource + "/.well-known/oauth-protected-resource", mcp.path("resourceMetadataUrl").asText(),
                "the MCP SDK reads resource_metadata from our challenge");
        assertEquals(resource + "/", mcp.path("metadata").path("resource").asText());
        assertEquals(List.of(authorizationServer.issuer()), texts(mcp.path("metadata").path("authorization_servers")));
        assertEquals(List.of("read", "write"), texts(mcp.path("metadata").path("scopes_supported")));
        assertEquals(resource + "/", mcp.path("selectedResource").asText(), "the MCP SDK accepts the resource for this server");

        assertEquals(resource + "/", seen.path("oauth4webapi").path("resource").asText(), "oauth4webapi checked resource: " + seen);
        assertEquals(List.of(authorizationServer.issuer()), texts(seen.path("oauth4webapi").path("authorization_servers")));

        JsonNode stepUp = seen.path("stepUp");
        assertEquals(401, stepUp.path("status").asInt(), seen.toString());
        JsonNode challenge = stepUp.path("challenges").get(0);
        assertEquals("bearer", challenge.path("scheme").asText());
        JsonNode parameters = challenge.path("parameters");
        assertEquals("insufficient_user_authentication", parameters.path("error").asText());
        assertEquals("urn:example:mfa", parameters.path("acr_values").asText());
        assertEquals("300", parameters.path("max_age").asText());
        assertEquals(resource + "/.well-known/oauth-protected-resource", parameters.path("resource_metadata").asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
