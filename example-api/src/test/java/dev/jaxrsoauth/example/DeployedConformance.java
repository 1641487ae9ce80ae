package dev.jaxrsoauth.example;

import dev.jaxrsoauth.testing.JwksFault;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import dev.jaxrsoauth.testing.SigningKey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The part of the conformance suite that needs nothing but one running deployment of the example API with its default
 * settings (issuer: {@link #AUTH}'s server, audience {@code api}, roles from the {@code role} claim, realm {@code api}):
 * each row of the RFC 6750 error table, scopes, roles, claims, the custom error mapper, garbage headers, an outage of
 * the key set. It runs wherever that deployment runs, also where the API cannot be booted again with other settings
 * per test (a WAR on a Jakarta EE server); {@link ConformanceSuite} adds the scenarios that boot the API with other
 * settings and the examples' run contract.
 *
 * <p>A subclass says where the deployment is ({@link #baseUri()}); the deployment must trust {@link #AUTH}'s server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeployedConformance {

    /** The authorization server every API under test trusts. */
    @RegisterExtension
    protected static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    static final String REALM = "Bearer realm=\"api\"";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return where the example API with its default settings answers, without a trailing slash */
    protected abstract URI baseUri();

    static Map<String, String> environment(String issuer, boolean protectAll) {
        Map<String, String> env = new HashMap<>();
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("OAUTH_ISSUER", issuer);
        env.put("OAUTH_AUDIENCE", "api");
        env.put("API_PROTECT_ALL", String.valueOf(protectAll));
        return env;
    }

    protected static MockAuthorizationServer as() {
        return AUTH.server();
    }

    // --- HTTP

    /** A response with its body. */
    protected record Reply(int status, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public List<String> headers(String name) {
            return raw.headers().allValues(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String code() {
            return json().path("code").asText(null);
        }
    }

    protected static Reply send(URI base, String method, String path, String... headers) {
        // the base's own path kept: a deployment under a context root answers below it
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply get(String path, String... headers) {
        return send(baseUri(), "GET", path, headers);
    }

    private Reply withToken(String path, String token) {
        return get(path, "Authorization", "Bearer " + token);
    }

    /**
     * @param base where the API answers: its resource identifier is that with a final slash
     * @return the parameter every 401 challenge ends with: where the protected resource metadata is (RFC 9728 §5.1),
     *     the well-known path inserted between the host and the identifier's path (§3.1)
     */
    protected static String metadata(URI base) {
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "" : base.getRawPath() + "/";
        return ", resource_metadata=\"" + base.getScheme() + "://" + base.getRawAuthority() + "/.well-known/oauth-protected-resource"
                + path + "\"";
    }

    private void assertInvalidToken(Reply reply, String description) {
        assertEquals(401, reply.status(), reply.body());
        assertEquals(REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"" + metadata(baseUri()),
                reply.header("WWW-Authenticate"));
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        assertEquals("invalid_token", reply.code());
        assertEquals(description, reply.json().path("message").asText());
    }

    private static void assertInvalidRequest(Reply reply) {
        assertEquals(400, reply.status(), reply.body());
        assertEquals(REALM + ", error=\"invalid_request\"", reply.header("WWW-Authenticate"));
        assertEquals("invalid_request", reply.code());
    }

    // --- the error table

    @Test
    void missingTokenGets401WithoutErrorAttribute() {
        Reply reply = get("/api/data");
        assertEquals(401, reply.status());
        assertEquals(REALM + metadata(baseUri()), reply.header("WWW-Authenticate"));
        assertEquals("invalid_token", reply.code());
    }

    /** @return the {@code resource_metadata} URL a 401 without a token names (RFC 9728 §5.1) */
    protected URI advertisedMetadata() {
        String challenge = get("/api/data").header("WWW-Authenticate");
        int start = challenge.indexOf("resource_metadata=\"") + "resource_metadata=\"".length();
        return URI.create(challenge.substring(start, challenge.indexOf('"', start)));
    }

    @Test
    protected void theChallengesMetadataUrlServesThisResource() {
        // what a client does (the MCP SDK, oauth4webapi): follow the 401's resource_metadata, check resource (§3.3)
        URI url = advertisedMetadata();
        Reply metadata = send(url, "GET", "");
        assertEquals(200, metadata.status(), url + ": " + metadata.body());
        assertEquals(baseUri() + "/", metadata.json().path("resource").asText(), metadata.body());
        assertEquals(as().issuer(), metadata.json().path("authorization_servers").path(0).asText(), metadata.body());
    }

    @Test
    void anotherSchemeGets401WithoutErrorAttribute() {
        Reply reply = get("/api/data", "Authorization", "Basic dXNlcjpwYXNz");
        assertEquals(401, reply.status());
        assertEquals(REALM + metadata(baseUri()), reply.header("WWW-Authenticate"));
    }

    @Test
    void malformedTokenGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", "not.a.token"), "The access token is malformed");
    }

    @Test
    void unsignedTokenGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().unsigned()), "The access token is malformed");
    }

    @Test
    void badSignatureGets401InvalidToken() {
        String token = as().token().signedWith(SigningKey.generate("rsa-1", "RS256")).sign();
        assertInvalidToken(withToken("/api/data", token), "The access token signature is invalid");
    }

    @Test
    void expiredTokenGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().expiresAt(Instant.now().minusSeconds(300)).sign()),
                "The access token has expired");
    }

    @Test
    void notYetValidTokenGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().notBefore(Instant.now().plusSeconds(600)).sign()),
                "The access token is not yet valid");
    }

    @Test
    void wrongIssuerGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().issuer("https://evil.example.com").sign()),
                "The access token issuer is not trusted");
    }

    @Test
    void wrongAudienceGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().audience("other-api").sign()),
                "The access token audience is not accepted");
    }

    @Test
    void idTokenTypeGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().header("typ", "id_token+jwt").sign()),
                "The access token type is not accepted");
    }

    @Test
    void unknownKeyGets401InvalidToken() {
        assertInvalidToken(withToken("/api/data", as().token().header("kid", "unknown-key").sign()),
                "The access token signing key is unknown");
    }

    @Test
    void twoAuthorizationHeadersGet400InvalidRequest() {
        String token = as().token().sign();
        assertInvalidRequest(get("/api/data", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token));
    }

    @Test
    void tokenInHeaderAndQueryGets400InvalidRequest() {
        String token = as().token().sign();
        assertInvalidRequest(get("/api/data?access_token=" + token, "Authorization", "Bearer " + token));
    }

    @Test
    void tabAfterBearerIsAcceptedLikeASpaceOnEveryRuntime() {
        // Undertow turns the tab into a space before the application sees it: one answer everywhere, the lenient one
        assertEquals(200, get("/api/data", "Authorization", "Bearer\t" + as().token().sign()).status());
        assertEquals(200, get("/api/data", "Authorization", "Bearer \t " + as().token().sign()).status());
        assertInvalidRequest(get("/api/data", "Authorization", "Bearer\t"));
    }

    @Test
    void bearerWithoutTokenGets400InvalidRequest() {
        assertInvalidRequest(get("/api/data", "Authorization", "Bearer"));
    }

    @Test
    void missingScopeGets403InsufficientScope() {
        Reply reply = withToken("/api/data", as().token().scope("write").sign());
        assertEquals(403, reply.status());
        assertEquals(REALM + ", error=\"insufficient_scope\", scope=\"read\"", reply.header("WWW-Authenticate"));
        assertEquals("insufficient_scope", reply.code());
    }

    @Test
    void tokenOverMaxTokenLengthGetsTheJson401OnEveryRuntime() {
        // one character over the default maxTokenLength (16384): the library, not the container, answers
        assertInvalidToken(withToken("/api/data", "A".repeat(16_385)), "The access token is malformed");
        assertInvalidToken(withToken("/api/data", as().token().claim("padding", "x".repeat(16_000)).sign()), "The access token is malformed");
    }

    @Test
    void headersOverTheContainersLimitGetA4xxNeverA500() {
        int status = get("/api/data", "Authorization", "Bearer " + "A".repeat(2 * 1024 * 1024)).status();
        assertTrue(status == 400 || status == 413 || status == 431, "status " + status);
    }

    @Test
    void clientGarbageNeverGets500() {
        List<String> garbage = List.of("Bearer " + "A".repeat(20_000), "Bearer a.b.c.d.e", "Bearer e30.e30.e30",
                "Bearer ....", "bearer eyJhbGciOiJub25lIn0.e30.", "Bearer a..b");
        for (String header : garbage) {
            int status = get("/api/data", "Authorization", header).status();
            assertTrue(status == 400 || status == 401 || status == 431, header + " -> " + status);
        }
    }

    // --- protection rules

    @Test
    void validTokenGets200AndTheSeedMessage() {
        Reply reply = withToken("/api/data", as().token().scope("read").claim("role", "developer").sign());
        assertEquals(200, reply.status(), reply.body());
        assertEquals("Data for user role 'developer' and scope 'read'", reply.json().path("message").asText());
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals(200, get("/api/data", "Authorization", "bEARer " + as().token().sign()).status());
    }

    @Test
    void scopesAreCheckedPerMethod() {
        String read = as().token().scope("read").sign();
        assertEquals(403, send(baseUri(), "POST", "/api/data", "Authorization", "Bearer " + read).status());
        String write = as().token().scope("write").sign();
        assertEquals(200, send(baseUri(), "POST", "/api/data", "Authorization", "Bearer " + write).status());
    }

    @Test
    void everyKeyTypeIsAccepted() {
        for (String kid : List.of("rsa-1", "ec-1", "ed-1")) {
            assertEquals(200, withToken("/api/data", as().token(kid).sign()).status(), kid);
        }
    }

    @Test
    void rolesAllowedAnswersFromTheRoleClaim() {
        Reply admin = withToken("/api/admin", as().token().claim("role", "admin").sign());
        assertEquals(200, admin.status(), admin.body() + " " + admin.raw().headers().map());
        assertEquals(403, withToken("/api/admin", as().token().claim("role", "user").sign()).status());
        assertEquals(401, get("/api/admin").status());
    }

    @Test
    void roleDenialGets403WithTheJsonBody() {
        Reply reply = withToken("/api/admin", as().token().claim("role", "user").sign());
        assertEquals(403, reply.status(), reply.body());
        assertNull(reply.header("WWW-Authenticate"));
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals("access_denied", reply.code());
        assertEquals("The access token does not grant access to this resource", reply.json().path("message").asText());
    }

    @Test
    void customUnauthorizedMapperKeepsTheProtocolHeaders() {
        Reply reply = withToken("/api/data", as().token().expiresAt(Instant.now().minusSeconds(300)).sign());
        assertEquals(401, reply.status());
        assertEquals("no-store", reply.header("Cache-Control"));
        assertEquals(REALM + ", error=\"invalid_token\", error_description=\"The access token has expired\"" + metadata(baseUri()),
                reply.header("WWW-Authenticate"));
        assertTrue(reply.json().has("hint"), reply.body());
    }

    @Test
    void claimsReachTheResource() {
        Reply reply = withToken("/api/me", as().token().subject("alice").scope("read write").sign());
        assertEquals(200, reply.status());
        assertEquals("alice", reply.json().path("sub").asText());
        assertEquals("[\"read\",\"write\"]", reply.json().path("scopes").toString());
        assertEquals("test-client", reply.json().path("client_id").asText());
    }

    @Test
    void publicResourceNeedsNoToken() {
        assertEquals(200, get("/api/public").status());
    }

    @Test
    void usersOwnMapperCustomisesThe401Body() {
        Reply unauthorized = get("/api/data");
        assertTrue(unauthorized.json().has("hint"), unauthorized.body());
        Reply forbidden = withToken("/api/data", as().token().scope("none").sign());
        assertEquals(403, forbidden.status());
        assertFalse(forbidden.json().has("hint"), forbidden.body());
    }

    // --- keys

    @Test
    void cachedKeysServeThroughAnOutage() {
        withToken("/api/data", as().token().sign());
        as().jwks().fault(JwksFault.SERVER_ERROR);
        assertEquals(200, withToken("/api/data", as().token().sign()).status());
    }
}
