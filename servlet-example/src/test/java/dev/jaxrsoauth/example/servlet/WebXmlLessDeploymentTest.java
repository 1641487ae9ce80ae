package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.example.ExampleLauncher;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import org.glassfish.jersey.servlet.init.JerseyServletContainerInitializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The way a WAR deploys: Tomcat runs Jersey's container initializer over an {@code @ApplicationPath} class
 * ({@link ConfiguredApplication}: no web.xml, no settings in code), and the feature reads its settings from
 * MicroProfile Config (SmallRye Config here, with a source of the test's).
 */
class WebXmlLessDeploymentTest {

    private final MockAuthorizationServer as = MockAuthorizationServer.builder().audience("orders").start();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        TestConfigSource.VALUES.clear();
        as.close();
    }

    private static ExampleLauncher.Server deploy() {
        return TomcatExample.start(InetAddress.getLoopbackAddress(), 0, connector -> {
        }, context -> context.addServletContainerInitializer(new JerseyServletContainerInitializer(), Set.of(ConfiguredApplication.class)));
    }

    private HttpResponse<String> get(ExampleLauncher.Server server, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/data"))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void settingsComeFromMicroProfileConfig() throws Exception {
        TestConfigSource.VALUES.put("jaxrs-oauth.issuer", as.issuer());
        TestConfigSource.VALUES.put("jaxrs-oauth.audience", "orders");
        TestConfigSource.VALUES.put("jaxrs-oauth.realm", "orders-api");
        try (ExampleLauncher.Server server = deploy()) {
            HttpResponse<String> refused = get(server, null);
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals("Bearer realm=\"orders-api\", resource_metadata=\"http://127.0.0.1:" + server.port()
                    + "/.well-known/oauth-protected-resource\"", refused.headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(401, get(server, as.token().scope("read").audience("api").sign()).statusCode(), "the configured audience only");
            HttpResponse<String> accepted = get(server, as.token().scope("read").sign());
            assertEquals(200, accepted.statusCode(), accepted.body());
        }
    }

    @Test
    void systemPropertiesServeWhereMicroProfileConfigHasNothing() throws Exception {
        TestConfigSource.VALUES.put("jaxrs-oauth.audience", "orders");
        System.setProperty("jaxrs-oauth.issuer", as.issuer());
        try (ExampleLauncher.Server server = deploy()) {
            assertEquals(200, get(server, as.token().scope("read").sign()).statusCode());
        } finally {
            System.clearProperty("jaxrs-oauth.issuer");
        }
    }
}
