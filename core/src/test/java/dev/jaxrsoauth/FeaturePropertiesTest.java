package dev.jaxrsoauth;

import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code jaxrs-oauth.*} keys a class-registered {@link OAuthFeature} reads from the application's properties. */
class FeaturePropertiesTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    private static OAuthFeature feature(Map<String, Object> properties) {
        return FeatureProperties.feature(properties::get);
    }

    @Test
    void badValueFailsNamingTheKey() {
        Map<String, Object> properties = new HashMap<>(Map.of("jaxrs-oauth.issuer", "https://as.example.com", "jaxrs-oauth.audience", "api"));
        properties.put("jaxrs-oauth.clock-skew", "a minute");
        assertThatThrownBy(() -> feature(properties)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jaxrs-oauth.clock-skew: must be a duration");
        properties.put("jaxrs-oauth.clock-skew", "30s");
        properties.put("jaxrs-oauth.token-cache-size", "many");
        assertThatThrownBy(() -> feature(properties)).hasMessageStartingWith("jaxrs-oauth.token-cache-size: must be a whole number");
        properties.put("jaxrs-oauth.token-cache-size", 16);
        properties.put("jaxrs-oauth.prefetch-keys", "yes");
        assertThatThrownBy(() -> feature(properties)).hasMessageStartingWith("jaxrs-oauth.prefetch-keys: must be true or false");
        properties.put("jaxrs-oauth.prefetch-keys", "false");
        properties.put("jaxrs-oauth.crypto-provider", "NoSuchProvider");
        assertThatThrownBy(() -> feature(properties)).hasMessageStartingWith("jaxrs-oauth.crypto-provider: no installed provider is named 'NoSuchProvider'");
        properties.put("jaxrs-oauth.crypto-provider", "SunEC");
        properties.put("jaxrs-oauth.clock", "UTC");
        assertThatThrownBy(() -> feature(properties)).hasMessageStartingWith("jaxrs-oauth.clock: must be a java.time.Clock");
        properties.put("jaxrs-oauth.clock", Clock.systemUTC());
        assertThat(feature(properties).validator()).isInstanceOf(JwtValidator.class);
    }

    @Test
    void missingSettingIsNamedByTheBuilder() {
        assertThatThrownBy(() -> feature(Map.of("jaxrs-oauth.audience", "api")))
                .hasMessage("JwtValidator: issuer is required");
    }

    @Test
    void aValidatorExcludesTheJwtSettings() {
        TokenValidator validator = token -> {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "test");
        };
        assertThat(feature(Map.of("jaxrs-oauth.validator", validator, "jaxrs-oauth.realm", "orders")).validator()).isSameAs(validator);
        assertThatThrownBy(() -> feature(Map.of("jaxrs-oauth.validator", validator, "jaxrs-oauth.role-claim", "roles")))
                .hasMessage("jaxrs-oauth.role-claim: not used with jaxrs-oauth.validator; set it on the validator");
    }

    @Test
    void durationsTakeShortAndIsoForms() {
        assertThat(FeatureProperties.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FeatureProperties.duration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(FeatureProperties.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FeatureProperties.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FeatureProperties.duration("6h")).isEqualTo(Duration.ofHours(6));
        assertThat(FeatureProperties.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(FeatureProperties.duration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(FeatureProperties.duration(Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void everyKeyIsReadAndListsTakeCommasOrCollections() {
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        Map<String, Object> all = new HashMap<>();
        all.put("jaxrs-oauth.issuer", "https://as.example.com");
        all.put("jaxrs-oauth.audience", "api, other");
        all.put("jaxrs-oauth.algorithms", List.of("ES256"));
        all.put("jaxrs-oauth.clock", clock);
        all.put("jaxrs-oauth.key-source", (KeySource) (kid, alg) -> java.util.Optional.empty());
        all.put("jaxrs-oauth.role-claim", "realm_access.roles");
        all.put("jaxrs-oauth.realm", "orders");
        all.put("jaxrs-oauth.query-parameter-tokens", true);
        assertThat(feature(all).validator()).isInstanceOf(JwtValidator.class);
        assertThat(FeatureProperties.keys()).hasSize(53).contains("issuer", "clock-skew", "validator", "realm");
    }

    @Test
    void withoutCodeKeysComeFromTheApplicationThenSystemPropertiesThenTheEnvironment() {
        assertThat(FeatureProperties.environmentName("jaxrs-oauth.clock-skew")).isEqualTo("JAXRS_OAUTH_CLOCK_SKEW");
        assertThat(FeatureProperties.environmentName("jaxrs-oauth.dpop-nonce-secret")).isEqualTo("JAXRS_OAUTH_DPOP_NONCE_SECRET");
        Map<String, String> environment = Map.of("JAXRS_OAUTH_ISSUER", "https://env.example.com", "JAXRS_OAUTH_AUDIENCE", "env-api",
                "JAXRS_OAUTH_REALM", "from-env", "JAXRS_OAUTH_CLOCK_SKEW", "30s");
        Map<String, Object> application = Map.of("jaxrs-oauth.realm", "from-application");
        System.setProperty("jaxrs-oauth.audience", "property-api");
        try {
            java.util.function.Function<String, FeatureProperties.Found> sources = FeatureProperties.sources(application::get, environment::get);
            assertThat(sources.apply("jaxrs-oauth.realm").value()).as("the application first").isEqualTo("from-application");
            assertThat(sources.apply("jaxrs-oauth.audience")).as("then system properties")
                    .isEqualTo(new FeatureProperties.Found("property-api", "the system property jaxrs-oauth.audience"));
            assertThat(sources.apply("jaxrs-oauth.issuer")).as("then the environment")
                    .isEqualTo(new FeatureProperties.Found("https://env.example.com", "the environment variable JAXRS_OAUTH_ISSUER"));
            assertThat(sources.apply("jaxrs-oauth.jwks-uri")).isNull();
            OAuthFeature feature = FeatureProperties.featureFrom(sources);
            assertThat(((JwtValidator) feature.validator()).issuer()).isEqualTo("https://env.example.com");
        } finally {
            System.clearProperty("jaxrs-oauth.audience");
        }
        Map<String, String> bad = Map.of("JAXRS_OAUTH_ISSUER", "https://env.example.com", "JAXRS_OAUTH_AUDIENCE", "api",
                "JAXRS_OAUTH_TOKEN_CACHE_SIZE", "lots");
        assertThatThrownBy(() -> FeatureProperties.featureFrom(FeatureProperties.sources(key -> null, bad::get)))
                .hasMessageStartingWith("jaxrs-oauth.token-cache-size (from the environment variable JAXRS_OAUTH_TOKEN_CACHE_SIZE): must be a whole number");
        // a stray variable beside a validator set in code: named, with where it came from
        TokenValidator validator = token -> {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, "test");
        };
        Map<String, Object> code = Map.of("jaxrs-oauth.validator", validator);
        Map<String, String> stray = Map.of("JAXRS_OAUTH_ISSUER", "https://stray.example.com");
        assertThatThrownBy(() -> FeatureProperties.featureFrom(FeatureProperties.sources(code::get, stray::get)))
                .hasMessage("jaxrs-oauth.issuer (from the environment variable JAXRS_OAUTH_ISSUER): not used with jaxrs-oauth.validator; set it on the validator");
        // and one that would switch the application to introspection beside its jwks-uri
        Map<String, Object> jwt = Map.of("jaxrs-oauth.issuer", "https://as.example.com", "jaxrs-oauth.audience", "api",
                "jaxrs-oauth.jwks-uri", "https://as.example.com/jwks");
        Map<String, String> introspection = Map.of("JAXRS_OAUTH_INTROSPECTION_URI", "https://elsewhere.example.com/introspect");
        assertThatThrownBy(() -> FeatureProperties.featureFrom(FeatureProperties.sources(jwt::get, introspection::get)))
                .hasMessage("jaxrs-oauth.jwks-uri: a JWT setting, not used with jaxrs-oauth.introspection-uri (from the environment variable JAXRS_OAUTH_INTROSPECTION_URI)");
    }

    @Test
    void anIntrospectionUriMakesTheFeatureIntrospectWithTheSharedSettings() {
        Map<String, Object> properties = new HashMap<>(Map.of("jaxrs-oauth.introspection-uri", "https://as.example.com/introspect",
                "jaxrs-oauth.client-id", "api", "jaxrs-oauth.client-secret", "secret", "jaxrs-oauth.issuer", "https://as.example.com",
                "jaxrs-oauth.audience", "api", "jaxrs-oauth.client-authentication", "client-secret-post", "jaxrs-oauth.realm", "orders"));
        assertThat(feature(properties).validator()).isInstanceOf(IntrospectionValidator.class);
        properties.put("jaxrs-oauth.jwks-uri", "https://as.example.com/jwks");
        assertThatThrownBy(() -> feature(properties)).hasMessage("jaxrs-oauth.jwks-uri: a JWT setting, not used with jaxrs-oauth.introspection-uri");
        properties.remove("jaxrs-oauth.jwks-uri");
        properties.remove("jaxrs-oauth.client-secret");
        assertThatThrownBy(() -> feature(properties)).hasMessageStartingWith("jaxrs-oauth.introspection-uri: ").hasMessageContaining("clientSecret");
        Map<String, Object> jwt = Map.of("jaxrs-oauth.issuer", "https://as.example.com", "jaxrs-oauth.audience", "api", "jaxrs-oauth.client-id", "api");
        assertThatThrownBy(() -> feature(jwt)).hasMessage("jaxrs-oauth.client-id: needs jaxrs-oauth.introspection-uri");
    }

    @Test
    void readmeSettingsTableNamesEveryKey() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("## Settings"), readme.indexOf("## Errors"));
        java.util.regex.Matcher keys = java.util.regex.Pattern.compile("`jaxrs-oauth\\.([a-z-]+)`").matcher(table);
        Set<String> documented = new java.util.TreeSet<>();
        while (keys.find()) {
            documented.add(keys.group(1));
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(FeatureProperties.keys());
    }

    @Path("/hello")
    public static class Hello {
        @GET
        @Secured
        public String hello() {
            return "hello";
        }
    }

    /** The Quick start's registration: classes, and the settings as properties. */
    public static class PropertiesApp extends Application {
        private final Map<String, Object> properties;

        PropertiesApp(Map<String, Object> properties) {
            this.properties = properties;
        }

        @Override
        public Set<Class<?>> getClasses() {
            return Set.of(OAuthFeature.class, Hello.class);
        }

        @Override
        public Map<String, Object> getProperties() {
            return properties;
        }
    }

    @Test
    void classRegisteredFeatureProtectsWithThePropertiesSettings() throws Exception {
        MockAuthorizationServer as = AUTH.server();
        try (JerseyServer server = new JerseyServer(new PropertiesApp(Map.of("jaxrs-oauth.issuer", as.issuer(),
                "jaxrs-oauth.audience", "api", "jaxrs-oauth.realm", "orders", "jaxrs-oauth.resource-metadata", "false")))) {
            Http.Reply missing = server.http().get("/hello");
            assertThat(missing.status()).isEqualTo(401);
            // the metadata is off: no resource_metadata parameter
            assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
            assertThat(server.http().withToken("/hello", as.token().sign()).status()).isEqualTo(200);
        }
    }

    @Test
    void badPropertyRefusesDeployment() {
        assertThatThrownBy(() -> new JerseyServer(new PropertiesApp(Map.of("jaxrs-oauth.issuer", AUTH.server().issuer(),
                "jaxrs-oauth.audience", "api", "jaxrs-oauth.max-token-length", "huge"))))
                .hasStackTraceContaining("jaxrs-oauth.max-token-length: must be a whole number");
    }
}
