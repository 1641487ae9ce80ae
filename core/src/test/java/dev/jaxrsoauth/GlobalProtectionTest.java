package dev.jaxrsoauth;

import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code @Secured} on the Application subclass protects every resource (JAX-RS global name binding). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalProtectionTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    @Path("/unannotated")
    public static class UnannotatedResource {
        @GET
        public String get() {
            return "ok";
        }

        @GET
        @Path("write")
        @Secured(scopes = "write")
        public String write() {
            return "written";
        }
    }

    @Secured(scopes = "read")
    public static class GlobalApp extends Application {
        private final MockAuthorizationServer as;

        GlobalApp(MockAuthorizationServer as) {
            this.as = as;
        }

        @Override
        public Set<Object> getSingletons() {
            return Set.of(OAuthFeature.builder().issuer(as.issuer()).audience("api").build(), new UnannotatedResource());
        }
    }

    private JerseyServer server;
    private Http http;

    @BeforeAll
    void start() {
        server = new JerseyServer(new GlobalApp(AUTH.server()));
        http = server.http();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void resourceWithoutAnnotationRequiresAToken() {
        assertThat(http.get("/unannotated").status()).isEqualTo(401);
        assertThat(http.withToken("/unannotated", AUTH.server().token().sign()).status()).isEqualTo(200);
    }

    @Test
    void applicationScopesApplyToResourcesWithoutTheirOwn() {
        Http.Reply reply = http.withToken("/unannotated", AUTH.server().token().scope("write").sign());
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"read\"");
    }

    @Test
    void methodScopesReplaceApplicationScopes() {
        assertThat(http.withToken("/unannotated/write", AUTH.server().token().scope("read").sign()).status()).isEqualTo(403);
        assertThat(http.withToken("/unannotated/write", AUTH.server().token().scope("write").sign()).status()).isEqualTo(200);
    }
}
