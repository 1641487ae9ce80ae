package dev.jaxrsoauth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class MockAuthorizationServerTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension(
            MockAuthorizationServer.builder().issuerPath("/oauth/v2/anonymous").audience("guide"));

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> get(String uri) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode part(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void servesBothMetadataDocumentsOnLoopback(MockAuthorizationServer server) throws Exception {
        assertThat(server.issuer()).startsWith("http://127.0.0.1:").endsWith("/oauth/v2/anonymous");
        JsonNode oidc = JSON.readTree(get(server.issuer() + "/.well-known/openid-configuration").body());
        assertThat(oidc.path("issuer").asText()).isEqualTo(server.issuer());
        assertThat(oidc.path("jwks_uri").asText()).isEqualTo(server.jwksUri().toString());
        JsonNode oauth = JSON.readTree(get(server.root() + "/.well-known/oauth-authorization-server/oauth/v2/anonymous").body());
        assertThat(oauth.path("issuer").asText()).isEqualTo(server.issuer());
        assertThat(server.discoveryFetches()).isEqualTo(2);
    }

    @Test
    void jwksPublishesThreePublicSigningKeysAndCountsFetches(MockAuthorizationServer server) throws Exception {
        HttpResponse<String> response = get(server.jwksUri().toString());
        assertThat(response.headers().firstValue("Content-Type")).contains("application/jwk-set+json");
        JsonNode keys = JSON.readTree(response.body()).path("keys");
        assertThat(keys).hasSize(3);
        assertThat(keys.findValuesAsText("kid")).containsExactly("rsa-1", "ec-1", "ed-1");
        assertThat(keys.findValuesAsText("alg")).containsExactly("RS256", "ES256", "EdDSA");
        assertThat(response.body()).doesNotContain("\"d\"");
        assertThat(server.jwks().fetches()).isEqualTo(1);
    }

    @Test
    void tokensStartValid(MockAuthorizationServer server) throws Exception {
        String token = server.token().sign();
        JsonNode header = part(token, 0);
        JsonNode claims = part(token, 1);
        assertThat(header.path("typ").asText()).isEqualTo("at+jwt");
        assertThat(header.path("kid").asText()).isEqualTo("rsa-1");
        assertThat(claims.path("iss").asText()).isEqualTo(server.issuer());
        assertThat(claims.path("aud").asText()).isEqualTo("guide");
        assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        for (String claim : new String[] {"sub", "iat", "jti", "client_id", "scope"}) {
            assertThat(claims.has(claim)).as(claim).isTrue();
        }
        String[] parts = token.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(server.key("rsa-1").publicKey());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void eachChangeBreaksExactlyOneThing(MockAuthorizationServer server) throws Exception {
        String token = server.token().without("scope").claim("role", "admin").withoutHeader("typ").sign();
        assertThat(part(token, 1).has("scope")).isFalse();
        assertThat(part(token, 1).path("role").asText()).isEqualTo("admin");
        assertThat(part(token, 0).has("typ")).isFalse();
        assertThat(part(token, 1).path("sub").asText()).isEqualTo("user-1");
    }

    @Test
    void everyKeyTypeSignsVerifiably(MockAuthorizationServer server) throws Exception {
        String es = server.token("ec-1").sign();
        assertThat(part(es, 0).path("alg").asText()).isEqualTo("ES256");
        // JOSE ECDSA signatures are R||S, 64 bytes for P-256
        assertThat(Base64.getUrlDecoder().decode(es.split("\\.")[2])).hasSize(64);
        Signature ed = Signature.getInstance("Ed25519");
        String token = server.token("ed-1").sign();
        String[] parts = token.split("\\.");
        ed.initVerify(server.key("ed-1").publicKey());
        ed.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(ed.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void faultStatusAndRemovedKeysShowInTheJwks(MockAuthorizationServer server) throws Exception {
        server.jwks().status(503);
        assertThat(get(server.jwksUri().toString()).statusCode()).isEqualTo(503);
        server.reset();
        server.jwks().removeKey("ec-1");
        assertThat(get(server.jwksUri().toString()).body()).doesNotContain("ec-1");
        server.jwks().addKey(SigningKey.generate("ec-1", "ES256"));
        assertThat(server.jwks().fetches()).isEqualTo(1);
    }

    @Test
    void faultModesMisbehaveAsNamed(MockAuthorizationServer server) throws Exception {
        String jwks = server.jwksUri().toString();
        server.jwks().fault(JwksFault.HTML);
        assertThat(get(jwks).headers().firstValue("Content-Type")).contains("text/html");
        server.jwks().fault(JwksFault.EMPTY);
        assertThat(get(jwks).body()).isEqualTo("{\"keys\":[]}");
        server.jwks().fault(JwksFault.OVERSIZED);
        assertThat(get(jwks).body().length()).isGreaterThan(1024 * 1024);
        server.jwks().fault(JwksFault.REDIRECT);
        HttpResponse<String> redirect = get(jwks);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).contains(server.root() + MockAuthorizationServer.MOVED_JWKS_PATH);
        server.jwks().fault(JwksFault.RESET);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(jwks)).isInstanceOf(java.io.IOException.class);
        server.jwks().fault(JwksFault.NONE);
        server.jwks().cacheControl("max-age=600");
        assertThat(get(jwks).headers().firstValue("Cache-Control")).contains("max-age=600");
        // the JDK client retries a GET once when the connection drops
        assertThat(server.jwks().fetches()).isBetween(6, 7);
        assertThat(server.requestCount(MockAuthorizationServer.MOVED_JWKS_PATH)).isZero();
    }

    @Test
    void replaceKeyRetiresTheOldOne(MockAuthorizationServer server) throws Exception {
        server.jwks().replaceKey("ec-1", SigningKey.generate("ec-2", "ES256"));
        String body = get(server.jwksUri().toString()).body();
        assertThat(body).contains("\"ec-2\"").doesNotContain("\"ec-1\"");
        server.jwks().replaceKey("ec-2", SigningKey.generate("ec-1", "ES256"));
    }

    @Test
    void unsignedTokenHasAlgNoneAndAnEmptySignature(MockAuthorizationServer server) throws Exception {
        String token = server.token().unsigned();
        assertThat(token).endsWith(".");
        assertThat(part(token, 0).path("alg").asText()).isEqualTo("none");
    }

    @Test
    void mutableClockMovesOnlyWhenTold() {
        MutableClock clock = MutableClock.at(Instant.parse("2030-01-01T00:00:00Z"));
        clock.advance(java.time.Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-01-01T00:05:00Z"));
    }
}
