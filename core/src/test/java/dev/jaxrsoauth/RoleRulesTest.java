package dev.jaxrsoauth;

import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll}, enforced by the feature beside Jersey's own filter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleRulesTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    @Path("/staff")
    @RolesAllowed("staff")
    public static class StaffResource {
        @GET
        public String list() {
            return "staff";
        }

        @GET
        @Path("open")
        @PermitAll
        public String open() {
            return "any caller";
        }

        @GET
        @Path("closed")
        @Secured
        @DenyAll
        public String closed() {
            return "nobody";
        }

        @GET
        @Path("admin")
        @RolesAllowed({"admin", "root"})
        public String admin() {
            return "admin";
        }
    }

    private JerseyServer server;

    @BeforeAll
    void start() {
        server = new JerseyServer(new ResourceConfig()
                .register(OAuthFeature.builder().issuer(AUTH.server().issuer()).audience("api").roleClaim("roles").build())
                // a user who still registers the runtime's own filter gets the same answers: ours runs first
                .register(RolesAllowedDynamicFeature.class)
                .register(StaffResource.class));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private Http.Reply get(String path, String... roles) {
        return server.http().withToken(path, AUTH.server().token().claim("roles", java.util.List.of(roles)).sign());
    }

    @Test
    void aRoleRuleWithoutSecuredStillNeedsAToken() {
        Http.Reply reply = server.http().get("/staff");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", resource_metadata=\""
                + server.http().url("/.well-known/oauth-protected-resource") + "\"");
    }

    @Test
    void missingRoleGetsTheJson403WithoutAChallenge() {
        Http.Reply reply = get("/staff", "intern");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate")).isNull();
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.code()).isEqualTo("access_denied");
        assertThat(get("/staff", "staff").status()).isEqualTo(200);
    }

    @Test
    void anyOfTheListedRolesIsEnough() {
        assertThat(get("/staff/admin", "root").status()).isEqualTo(200);
        assertThat(get("/staff/admin", "staff").status()).isEqualTo(403);
    }

    @Test
    void permitAllLiftsTheRoleRuleNotTheToken() {
        assertThat(get("/staff/open", "intern").status()).isEqualTo(200);
        assertThat(server.http().get("/staff/open").status()).isEqualTo(200);
    }

    @Test
    void denyAllRefusesEveryValidToken() {
        Http.Reply reply = get("/staff/closed", "staff", "admin");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("access_denied");
        assertThat(server.http().get("/staff/closed").status()).isEqualTo(401);
    }
}
