package dev.jaxrsoauth;

import dev.jaxrsoauth.api.DataResource;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The verified caller is a request property too ({@link TokenPrincipal#REQUEST_PROPERTY}), and only once verified. */
class RequestPropertyTest {

    private final MockAuthorizationServer as = MockAuthorizationServer.start();

    @AfterEach
    void stop() {
        as.close();
    }

    /** Runs after authentication and authorization, as a user's filter would, and keeps what the property held. */
    @Priority(Priorities.USER)
    static final class Reader implements ContainerRequestFilter {
        static final List<Object> SEEN = new CopyOnWriteArrayList<>();

        @Override
        public void filter(ContainerRequestContext request) {
            SEEN.add(String.valueOf(request.getProperty(TokenPrincipal.REQUEST_PROPERTY) instanceof TokenPrincipal p ? p.getName() : null));
        }
    }

    @Test
    void theCallerIsARequestPropertyOnlyOnceVerified() throws Exception {
        Reader.SEEN.clear();
        try (JerseyServer server = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api").build())
                .register(JacksonFeature.class).register(DataResource.class).register(Reader.class))) {
            assertThat(server.http().withToken("/api/data", as.token().subject("alice").sign()).status()).isEqualTo(200);
            assertThat(server.http().get("/api/public").status()).isEqualTo(200);
            assertThat(server.http().withToken("/api/data", as.token().subject("mallory").audience("other").sign()).status()).isEqualTo(401);
        }
        assertThat(Reader.SEEN).containsExactly("alice", "null");
    }
}
