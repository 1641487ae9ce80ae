package dev.jaxrsoauth;

import dev.jaxrsoauth.api.ClassScopedResource;
import dev.jaxrsoauth.api.DataResource;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The error contract and the protection rules, end to end over HTTP on Jersey + Grizzly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredResourceTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    private static final String REALM = "realm=\"api\"";

    private JerseyServer server;
    private Http http;
    /** Every 401 challenge names the protected resource metadata (RFC 9728 §5.1). */
    private String metadata;
    private MockAuthorizationServer as;

    @BeforeAll
    void start() {
        as = AUTH.server();
        server = new JerseyServer(new ResourceConfig()
                .register(OAuthFeature.builder().issuer(as.issuer()).audience("api").roleClaim("role").build())
                .register(RolesAllowedDynamicFeature.class)
                .register(JacksonFeature.class)
                .register(DataResource.class)
                .register(ClassScopedResource.class));
        http = server.http();
        metadata = ", resource_metadata=\"" + http.url("/.well-known/oauth-protected-resource") + "\"";
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private void assertInvalidToken(Http.Reply reply, String description) {
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate"))
                .isEqualTo("Bearer " + REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"" + metadata);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.code()).isEqualTo("invalid_token");
        assertThat(reply.json().path("message").asText()).isEqualTo(description);
    }

    @Test
    void missingTokenGets401WithoutErrorAttribute() {
        Http.Reply reply = http.get("/api/data");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer " + REALM + metadata);
        assertThat(reply.code()).isEqualTo("invalid_token");
        assertThat(reply.json().path("message").asText()).isEqualTo("An access token is required");
    }

    @Test
    void otherAuthorizationSchemeGets401WithoutErrorAttribute() {
        Http.Reply reply = http.get("/api/data", "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer " + REALM + metadata);
    }

    @Test
    void validTokenWithScopeGets200AndTheSeedMessage() {
        String token = as.token().scope("read").claim("role", "developer").sign();
        Http.Reply reply = http.withToken("/api/data", token);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("message").asText()).isEqualTo("Data for user role 'developer' and scope 'read'");
    }

    @Test
    void schemeIsCaseInsensitive() {
        String token = as.token().sign();
        assertThat(http.get("/api/data", "Authorization", "bEaReR " + token).status()).isEqualTo(200);
        assertThat(http.get("/api/data", "Authorization", "BEARER   " + token).status()).isEqualTo(200);
    }

    @Test
    void malformedTokenGets401InvalidToken() {
        assertInvalidToken(http.withToken("/api/data", "not.a.jwt"), "The access token is malformed");
    }

    @Test
    void badSignatureGets401InvalidToken() {
        String token = as.token().sign();
        String other = as.token().subject("admin").sign();
        String forged = other.substring(0, other.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        assertInvalidToken(http.withToken("/api/data", forged), "The access token signature is invalid");
    }

    @Test
    void expiredTokenGets401InvalidToken() {
        String token = as.token().expiresAt(Instant.now().minusSeconds(120)).sign();
        assertInvalidToken(http.withToken("/api/data", token), "The access token has expired");
    }

    @Test
    void wrongIssuerGets401InvalidToken() {
        assertInvalidToken(http.withToken("/api/data", as.token().issuer(as.issuer() + "/other").sign()),
                "The access token issuer is not trusted");
    }

    @Test
    void wrongAudienceGets401InvalidToken() {
        assertInvalidToken(http.withToken("/api/data", as.token().audience("other-api").sign()),
                "The access token audience is not accepted");
    }

    @Test
    void idTokenTypeGets401InvalidToken() {
        assertInvalidToken(http.withToken("/api/data", as.token().header("typ", "id_token+jwt").sign()),
                "The access token type is not accepted");
    }

    @Test
    void unknownKeyGets401InvalidToken() {
        String token = as.token().header("kid", "no-such-key").sign();
        assertInvalidToken(http.withToken("/api/data", token), "The access token signing key is unknown");
    }

    @Test
    void twoAuthorizationHeadersGet400InvalidRequest() {
        String token = as.token().sign();
        Http.Reply reply = http.get("/api/data", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer " + REALM + ", error=\"invalid_request\"");
        assertThat(reply.code()).isEqualTo("invalid_request");
    }

    @Test
    void tokenInHeaderAndQueryGets400InvalidRequest() {
        String token = as.token().sign();
        Http.Reply reply = http.get("/api/data?access_token=" + token, "Authorization", "Bearer " + token);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_request");
    }

    @Test
    void queryTokenIsIgnoredUnlessEnabled() {
        Http.Reply reply = http.get("/api/data?access_token=" + as.token().sign());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer " + REALM + metadata);
    }

    @Test
    void missingScopeGets403InsufficientScope() {
        Http.Reply reply = http.withToken("/api/data", as.token().scope("write").sign());
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate"))
                .isEqualTo("Bearer " + REALM + ", error=\"insufficient_scope\", scope=\"read\"");
        assertThat(reply.code()).isEqualTo("insufficient_scope");
    }

    @Test
    void scopeIsCheckedPerMethod() {
        String readOnly = as.token().scope("read").sign();
        assertThat(http.withToken("/api/data", readOnly).status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/data", "Authorization", "Bearer " + readOnly).status()).isEqualTo(403);
        String write = as.token().scope("write").sign();
        assertThat(http.send("POST", "/api/data", "Authorization", "Bearer " + write).status()).isEqualTo(200);
    }

    @Test
    void scopesFromScpArrayAreGranted() {
        String token = as.token().without("scope").claim("scp", List.of("read")).sign();
        assertThat(http.withToken("/api/data", token).status()).isEqualTo(200);
    }

    @Test
    void classScopesApplyToEveryMethodAndAllMustBeGranted() {
        assertThat(http.withToken("/reports", as.token().scope("reports read").sign()).status()).isEqualTo(200);
        Http.Reply partial = http.withToken("/reports", as.token().scope("reports").sign());
        assertThat(partial.status()).isEqualTo(403);
        assertThat(partial.header("WWW-Authenticate")).isEqualTo("Bearer " + REALM + ", error=\"insufficient_scope\", scope=\"reports read\"");
    }

    @Test
    void methodScopesReplaceClassScopes() {
        assertThat(http.withToken("/reports/export", as.token().scope("export").sign()).status()).isEqualTo(200);
        assertThat(http.withToken("/reports/export", as.token().scope("reports read").sign()).status()).isEqualTo(403);
    }

    @Test
    void securedWithoutScopesAcceptsAnyValidToken() {
        Http.Reply reply = http.withToken("/api/me", as.token().without("scope").sign());
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void claimsReachTheResourceThroughSecurityContext() {
        Http.Reply reply = http.withToken("/api/me", as.token().subject("alice").scope("read write").sign());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("sub").asText()).isEqualTo("alice");
        assertThat(reply.json().path("client_id").asText()).isEqualTo("test-client");
        assertThat(reply.json().path("scopes").toString()).isEqualTo("[\"read\",\"write\"]");
        assertThat(reply.json().path("scheme").asText()).isEqualTo("Bearer");
        assertThat(reply.json().path("secure").asBoolean()).isFalse();
    }

    @Test
    void rolesAllowedAnswersFromTheRoleClaim() {
        assertThat(http.withToken("/api/admin", as.token().claim("role", "admin").sign()).status()).isEqualTo(200);
        assertThat(http.withToken("/api/admin", as.token().claim("role", List.of("user", "admin")).sign()).status()).isEqualTo(200);
        assertThat(http.withToken("/api/admin", as.token().claim("role", "user").sign()).status()).isEqualTo(403);
        assertThat(http.get("/api/admin").status()).isEqualTo(401);
    }

    @Test
    void publicResourceNeedsNoToken() {
        assertThat(http.get("/api/public").status()).isEqualTo(200);
        assertThat(http.get("/api/public", "Authorization", "Bearer garbage").status()).isEqualTo(200);
    }

    @Test
    void aCachedTokenStillNeedsEachEndpointsScope() {
        String token = as.token().scope("write").sign();
        assertThat(http.withToken("/api/me", token).status()).isEqualTo(200);
        assertThat(http.withToken("/api/data", token).status()).isEqualTo(403);
        assertThat(http.send("POST", "/api/data", "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void keysAreFetchedOnceForManyRequests() {
        int before = as.jwks().fetches();
        for (int i = 0; i < 5; i++) {
            assertThat(http.withToken("/api/data", as.token().sign()).status()).isEqualTo(200);
        }
        assertThat(as.jwks().fetches() - before).isZero();
    }

    @Test
    void anEncodedAccessTokenParameterBesideTheHeaderIsStillTwoTokens() {
        String token = as.token().sign();
        Http.Reply reply = http.get("/api/data?access%5Ftoken=" + token, "Authorization", "Bearer " + token);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_request");
    }
}
