package dev.jaxrsoauth;

import dev.jaxrsoauth.api.DataResource;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** 500s, users' own mappers, double registration and what reaches the log. */
class ErrorResponseTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    /** A user's mapper, as the seed customises the 401 body with Flask's errorhandler. */
    public static class CustomUnauthorizedMapper implements ExceptionMapper<InvalidTokenException> {
        @Override
        public Response toResponse(InvalidTokenException e) {
            return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("WWW-Authenticate", "Bearer realm=\"custom\"")
                    .entity("{\"error\":\"unauthorized\",\"reason\":\"" + e.reason() + "\"}").build();
        }
    }

    /** A user's mapper for the library's own base type. */
    public static class CatchAllMapper implements ExceptionMapper<OAuthException> {
        @Override
        public Response toResponse(OAuthException e) {
            return Response.status(e.status()).type(MediaType.TEXT_PLAIN_TYPE).entity("custom " + e.errorCode()).build();
        }
    }

    private static ResourceConfig app(OAuthFeature feature) {
        return new ResourceConfig().register(feature).register(JacksonFeature.class).register(DataResource.class);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableAuthorizationServerGets500WithAnErrorIdThatIsLogged() throws Exception {
        URI jwks = URI.create("http://127.0.0.1:" + closedPort() + "/jwks");
        OAuthFeature feature = OAuthFeature.builder().issuer(AUTH.server().issuer()).audience("api").jwksUri(jwks).build();
        try (JerseyServer server = new JerseyServer(app(feature)); LogCapture log = new LogCapture()) {
            Http.Reply reply = server.http().withToken("/api/data", AUTH.server().token().sign());
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.header("WWW-Authenticate")).isNull();
            assertThat(reply.code()).isEqualTo("server_error");
            assertThat(reply.json().path("message").asText()).isEqualTo(AuthorizationServerException.MESSAGE);
            String errorId = reply.json().path("error_id").asText();
            assertThat(errorId).hasSize(16);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING").contains(errorId));
        }
    }

    @Test
    void authorizationServerAnswering500Gets500() {
        MockAuthorizationServer as = AUTH.server();
        as.jwks().status(503);
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").build();
        try (JerseyServer server = new JerseyServer(app(feature))) {
            assertThat(server.http().withToken("/api/data", as.token().sign()).status()).isEqualTo(500);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(as.jwks().fetches()).isEqualTo(1);
    }

    @Test
    void usersOwnMapperWinsOverTheLibrarys() throws Exception {
        MockAuthorizationServer as = AUTH.server();
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").build();
        try (JerseyServer server = new JerseyServer(app(feature).register(CustomUnauthorizedMapper.class))) {
            Http.Reply expired = server.http().withToken("/api/data", as.token().expiresAt(Instant.now().minusSeconds(300)).sign());
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"custom\"");
            assertThat(expired.json().path("reason").asText()).isEqualTo("EXPIRED");
            // other failures keep the library's mapping
            Http.Reply scope = server.http().withToken("/api/data", as.token().scope("write").sign());
            assertThat(scope.status()).isEqualTo(403);
            assertThat(scope.code()).isEqualTo("insufficient_scope");
        }
    }

    @Test
    void usersMapperForTheBaseTypeWinsToo() throws Exception {
        MockAuthorizationServer as = AUTH.server();
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").build();
        try (JerseyServer server = new JerseyServer(app(feature).register(CatchAllMapper.class))) {
            Http.Reply reply = server.http().withToken("/api/data", as.token().scope("write").sign());
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body()).isEqualTo("custom insufficient_scope");
        }
    }

    @Test
    void registeringTheFeatureTwiceRegistersItsFiltersOnce() throws Exception {
        MockAuthorizationServer as = AUTH.server();
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").build();
        OAuthFeature again = OAuthFeature.builder().issuer(as.issuer()).audience("other").build();
        try (JerseyServer server = new JerseyServer(app(feature).register(again))) {
            assertThat(server.http().withToken("/api/data", as.token().sign()).status()).isEqualTo(200);
        }
    }

    @Test
    void aValidatorThatThrowsSomethingElseFailsClosedWithTheJson500() throws Exception {
        OAuthFeature feature = OAuthFeature.of(token -> {
            throw new IllegalStateException("bug in a custom validator");
        });
        try (JerseyServer server = new JerseyServer(app(feature))) {
            Http.Reply reply = server.http().withToken("/api/data", AUTH.server().token().sign());
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.code()).isEqualTo("server_error");
            assertThat(reply.json().path("error_id").asText()).hasSize(16);
        }
    }

    @Test
    void realmIsConfigurable() throws Exception {
        OAuthFeature feature = OAuthFeature.builder().issuer(AUTH.server().issuer()).audience("api").realm("orders").resourceMetadata(false).build();
        try (JerseyServer server = new JerseyServer(app(feature))) {
            assertThat(server.http().get("/api/data").header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
        }
    }

    @Test
    void queryParameterTokensWorkWhenEnabled() throws Exception {
        MockAuthorizationServer as = AUTH.server();
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").queryParameterTokens(true).build();
        try (JerseyServer server = new JerseyServer(app(feature))) {
            assertThat(server.http().get("/api/data?access_token=" + as.token().sign()).status()).isEqualTo(200);
        }
    }

    @Test
    void noTokenReachesTheLogAtAnyLevel() throws Exception {
        MockAuthorizationServer as = AUTH.server();
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").build();
        String expired = as.token().expiresAt(Instant.now().minusSeconds(300)).sign();
        String badSignature = expired.substring(0, expired.length() - 8) + "AAAAAAAA";
        String unknownKey = as.token().header("kid", "nope").sign();
        String wrongAudience = as.token().audience("other").sign();
        try (JerseyServer server = new JerseyServer(app(feature)); LogCapture log = new LogCapture()) {
            Http http = server.http();
            for (String token : new String[] {expired, badSignature, unknownKey, wrongAudience}) {
                assertThat(http.withToken("/api/data", token).status()).isEqualTo(401);
            }
            assertThat(log.lines()).hasSizeGreaterThanOrEqualTo(4);
            for (String token : new String[] {expired, badSignature, unknownKey, wrongAudience}) {
                String[] parts = token.split("\\.");
                assertThat(log.lines()).noneMatch(line -> line.contains(parts[1]) || line.contains(parts[2]));
            }
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("401 invalid_token: exp is in the past"));
        }
    }

    @Test
    void responseHeadersOfARefusalThrownOutsideTheFiltersAreTheSingleChallengeWithRealmApi() {
        assertThat(new InsufficientScopeException(java.util.Set.of("write"), "test").responseHeaders()).containsExactly(
                java.util.Map.entry("WWW-Authenticate", java.util.List.of("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"write\"")),
                java.util.Map.entry("Cache-Control", java.util.List.of("no-store")));
        assertThat(InvalidTokenException.useDpopNonce("n-1", "test").responseHeaders())
                .containsEntry("DPoP-Nonce", java.util.List.of("n-1"))
                .containsEntry("WWW-Authenticate", java.util.List.of("DPoP realm=\"api\", error=\"use_dpop_nonce\", "
                        + "error_description=\"The DPoP proof needs the nonce in the DPoP-Nonce header\""));
        assertThat(new AuthorizationServerException("down", null).responseHeaders()).containsOnlyKeys("Cache-Control");
    }

    @Test
    void oneExceptionThrownForTwoRequestsIsAnsweredForEach() {
        InvalidTokenException shared = new InvalidTokenException(InvalidTokenException.Reason.EXPIRED, "thrown twice");
        OAuthException first = shared.answer(java.util.List.of("DPoP realm=\"api\", error=\"invalid_token\""));
        OAuthException second = shared.answer(java.util.List.of("Bearer realm=\"api\", error=\"invalid_token\""));
        assertThat(first).isSameAs(shared);
        assertThat(second).isNotSameAs(shared).isInstanceOfSatisfying(InvalidTokenException.class,
                copy -> assertThat(copy.reason()).isEqualTo(InvalidTokenException.Reason.EXPIRED));
        assertThat(first.responseHeaders().get("WWW-Authenticate")).containsExactly("DPoP realm=\"api\", error=\"invalid_token\"");
        assertThat(second.responseHeaders().get("WWW-Authenticate")).containsExactly("Bearer realm=\"api\", error=\"invalid_token\"");
        // the same answer again needs no copy
        assertThat(shared.answer(java.util.List.of("DPoP realm=\"api\", error=\"invalid_token\""))).isSameAs(shared);
    }
}
