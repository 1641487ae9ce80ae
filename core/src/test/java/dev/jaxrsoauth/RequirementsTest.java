package dev.jaxrsoauth;

import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MockAuthorizationServerExtension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Claim requirements, named and per-resource rules, step-up (RFC 9470) and protected resource metadata (RFC 9728)
 * over HTTP on Jersey: refusals first, each with its status, challenge and body; then what passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequirementsTest {

    @RegisterExtension
    static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();

    private static final String MFA = "urn:example:mfa";

    /** Resources with every kind of requirement. */
    @Path("/r")
    @Produces(MediaType.TEXT_PLAIN)
    @RequireClaim("tenant")
    public static class Requirements {
        @GET
        @Path("finance")
        @Secured
        @RequireClaim(value = "department", anyOf = {"finance", "audit"})
        public String finance() {
            return "finance";
        }

        @GET
        @Path("nested")
        @RequireClaim(value = "org.unit", anyOf = "42")
        @RequireClaim(value = "verified", anyOf = "true")
        public String nested() {
            return "nested";
        }

        @GET
        @Path("tenant")
        public String tenant() {
            return "tenant";
        }

        @GET
        @Path("rule")
        @RequireRule("same-tenant")
        public String rule() {
            return "rule";
        }

        @GET
        @Path("broken-rule")
        @RequireRule("broken")
        public String brokenRule() {
            return "broken";
        }

        @GET
        @Path("payments")
        @Secured(scopes = "read")
        @StepUp(acrValues = MFA, maxAge = 300)
        public String payments() {
            return "payments";
        }

        @GET
        @Path("recent")
        @StepUp(maxAge = 60)
        public String recent() {
            return "recent";
        }
    }

    /** Declared on an interface, implemented without repeating it. */
    public interface AuditApi {
        @GET
        @Path("audit")
        @Produces(MediaType.TEXT_PLAIN)
        @RequireClaim(value = "department", anyOf = "audit")
        String audit();
    }

    @Path("/i")
    public static class Audit implements AuditApi {
        @Override
        public String audit() {
            return "audit";
        }
    }

    /** A sub-resource reached through a typed locator: its scope is in the metadata before anyone requested it. */
    public static class Sub {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        @Secured(scopes = "sub-scope")
        public String get() {
            return "sub";
        }
    }

    /** A root with a typed locator, a method nobody may call and one that opts out of rules with an empty list. */
    @Path("/located")
    public static class Located {
        @Path("sub")
        public Sub sub() {
            return new Sub();
        }

        @GET
        @Path("nobody")
        @Secured(scopes = "internal-scope")
        @jakarta.annotation.security.DenyAll
        public String nobody() {
            return "";
        }

        @GET
        @Path("empty-rule")
        @Produces(MediaType.TEXT_PLAIN)
        @RequireRule({})
        public String emptyRule() {
            return "empty";
        }
    }

    /** A resource whose every method a rule registered for the class guards. */
    @Path("/guarded")
    public static class Guarded {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get() {
            return "guarded";
        }
    }

    private MockAuthorizationServer as;
    private JerseyServer server;
    private Http http;
    private String metadata;

    @BeforeAll
    void start() {
        as = AUTH.server();
        server = new JerseyServer(new ResourceConfig()
                .register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                        .publicUrl(URI.create("https://api.example.com"))
                        .resourceName("Requirements API").resourceDocumentation(URI.create("https://docs.example.com/api"))
                        .rule("same-tenant", caller -> caller.claim("tenant", String.class)
                                .map(tenant -> tenant.equals(caller.claim("home_tenant", String.class).orElse(null))).orElse(false))
                        .rule("broken", caller -> {
                            throw new IllegalStateException("a bug in the rule");
                        })
                        .rule(Guarded.class, caller -> caller.scopes().contains("guard"))
                        .build())
                .register(Requirements.class).register(Audit.class).register(Guarded.class).register(Located.class));
        http = server.http();
        metadata = ", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"";
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private Http.Reply get(String path, dev.jaxrsoauth.testing.TokenBuilder token) {
        return http.withToken(path, token.sign());
    }

    private static void assertAccessDenied(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate")).isNull();
        assertThat(reply.code()).isEqualTo("access_denied");
        assertThat(reply.json().path("message").asText()).isEqualTo(AccessDeniedException.MESSAGE);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    }

    private void assertStepUp(Http.Reply reply, String parameters) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\", error=\"insufficient_user_authentication\", "
                + "error_description=\"" + InsufficientUserAuthenticationException.MESSAGE + "\"" + parameters + metadata);
        assertThat(reply.code()).isEqualTo("insufficient_user_authentication");
    }

    // --- claims

    static Stream<Map<String, Object>> wrongDepartments() {
        return Stream.of(Map.of(), Map.of("department", "sales"), Map.of("department", "FINANCE"), Map.of("department", 7),
                Map.of("department", Map.of("name", "finance")), Map.of("department", List.of("sales", "hr")), Map.of("department", List.of()),
                Map.of("department", List.of(List.of("finance"))), Map.of("department", true), Map.of("department", 1.5));
    }

    @ParameterizedTest
    @MethodSource("wrongDepartments")
    void aClaimMissingOrOfNoAllowedValueOrOfAnotherTypeIs403WithoutChallenge(Map<String, Object> claims) {
        dev.jaxrsoauth.testing.TokenBuilder token = as.token().claim("tenant", "t1");
        claims.forEach(token::claim);
        assertAccessDenied(get("/r/finance", token));
    }

    @Test
    void aClassLevelClaimAppliesWhereTheMethodDeclaresNone() {
        assertAccessDenied(get("/r/tenant", as.token()));
        assertThat(get("/r/tenant", as.token().claim("tenant", "t1")).status()).isEqualTo(200);
    }

    @Test
    void aMethodsClaimsReplaceItsClasssAndAllMustHold() {
        // /r/finance declares its own: the class's tenant claim is not asked for there
        assertThat(get("/r/finance", as.token().claim("department", "audit")).status()).isEqualTo(200);
        assertAccessDenied(get("/r/nested", as.token().claim("org", Map.of("unit", 42))));
        assertAccessDenied(get("/r/nested", as.token().claim("verified", true)));
        assertAccessDenied(get("/r/nested", as.token().claim("org", Map.of("unit", 42.0)).claim("verified", true)));
        assertAccessDenied(get("/r/nested", as.token().claim("org", Map.of("unit", 42)).claim("verified", "yes")));
        assertThat(get("/r/nested", as.token().claim("org", Map.of("unit", 42)).claim("verified", true)).status()).isEqualTo(200);
        assertThat(get("/r/nested", as.token().claim("org", Map.of("unit", "42")).claim("verified", List.of(false, true))).status()).isEqualTo(200);
    }

    @Test
    void aClaimDeclaredOnAnInterfaceIsRequiredOfItsImplementation() {
        assertThat(http.get("/i/audit").status()).isEqualTo(401);
        assertAccessDenied(get("/i/audit", as.token().claim("department", "finance")));
        assertThat(get("/i/audit", as.token().claim("department", List.of("finance", "audit"))).status()).isEqualTo(200);
    }

    @Test
    void aClaimImpliesAToken() {
        Http.Reply reply = http.get("/r/tenant");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"" + metadata);
    }

    // --- rules

    @Test
    void aNamedRuleMustAcceptTheCaller() {
        assertAccessDenied(get("/r/rule", as.token().claim("tenant", "t1").claim("home_tenant", "t2")));
        // the rule refuses what it does not recognise: neither claim, or numbers, is no match
        assertAccessDenied(get("/r/rule", as.token().without("tenant").claim("x", 1)));
        assertAccessDenied(get("/r/rule", as.token().claim("tenant", 1).claim("home_tenant", 2)));
        assertThat(get("/r/rule", as.token().claim("tenant", "t1").claim("home_tenant", "t1")).status()).isEqualTo(200);
    }

    @Test
    void aRuleThatThrowsIsA500NeverAPass() {
        Http.Reply reply = get("/r/broken-rule", as.token().claim("tenant", "t1"));
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.code()).isEqualTo("server_error");
    }

    @Test
    void aRuleForAResourceClassGuardsEveryMethod() {
        assertThat(http.get("/guarded").status()).isEqualTo(401);
        assertAccessDenied(get("/guarded", as.token().scope("read")));
        assertThat(get("/guarded", as.token().scope("read guard")).status()).isEqualTo(200);
    }

    @Test
    void aRuleNameNothingIsRegisteredUnderRefusesDeployment() {
        assertThatThrownBy(() -> new JerseyServer(new ResourceConfig()
                .register(OAuthFeature.builder().issuer(as.issuer()).audience("api").build()).register(Requirements.class)))
                .hasStackTraceContaining("@RequireRule(\"").hasStackTraceContaining(" on " + Requirements.class.getName())
                .hasStackTraceContaining(": no rule is registered under that name");
    }

    // --- step-up (RFC 9470)

    @Test
    void anotherAcrIsAStepUpChallenge() {
        String parameters = ", acr_values=\"" + MFA + "\", max_age=300";
        assertStepUp(get("/r/payments", as.token().claim("tenant", "t1")), parameters);
        assertStepUp(get("/r/payments", as.token().authenticated("urn:example:password", Instant.now())), parameters);
        assertStepUp(get("/r/payments", as.token().claim("acr", 2).claim("auth_time", Instant.now().getEpochSecond())), parameters);
        assertStepUp(get("/r/payments", as.token().claim("acr", List.of(MFA)).claim("auth_time", Instant.now().getEpochSecond())), parameters);
    }

    @Test
    void anAuthenticationTooLongAgoMissingOrOfAnotherTypeIsAStepUpChallenge() {
        String parameters = ", acr_values=\"" + MFA + "\", max_age=300";
        assertStepUp(get("/r/payments", as.token().authenticated(MFA, Instant.now().minusSeconds(300 + 61))), parameters);
        assertStepUp(get("/r/payments", as.token().claim("acr", MFA)), parameters);
        assertStepUp(get("/r/payments", as.token().claim("acr", MFA).claim("auth_time", String.valueOf(Instant.now().getEpochSecond()))), parameters);
        assertStepUp(get("/r/payments", as.token().claim("acr", MFA).claim("auth_time", -5)), parameters);
        assertStepUp(get("/r/payments", as.token().authenticated(MFA, Instant.now().plusSeconds(3600))), parameters);
        assertStepUp(get("/r/recent", as.token().claim("tenant", "t1")), ", max_age=60");
    }

    @Test
    void aRecentAuthenticationOfTheRightContextPasses() {
        assertThat(get("/r/payments", as.token().claim("tenant", "t1").authenticated(MFA, Instant.now().minusSeconds(299))).status()).isEqualTo(200);
        // the skew (60 s) is allowed
        assertThat(get("/r/payments", as.token().claim("tenant", "t1").authenticated(MFA, Instant.now().minusSeconds(350))).status()).isEqualTo(200);
        assertThat(get("/r/recent", as.token().claim("tenant", "t1").claim("auth_time", Instant.now().getEpochSecond() - 10.5)).status()).isEqualTo(200);
    }

    @Test
    void stepUpComesBeforeTheScopeCheck() {
        // a user who must authenticate again learns that first: another token of the same user may carry the scope too
        assertStepUp(get("/r/payments", as.token().scope("other")), ", acr_values=\"" + MFA + "\", max_age=300");
        Http.Reply scope = get("/r/payments", as.token().scope("other").authenticated(MFA, Instant.now()));
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.code()).isEqualTo("insufficient_scope");
    }

    @Path("/empty")
    public static class EmptyStepUp {
        @GET
        @StepUp
        public String get() {
            return "";
        }
    }

    @Test
    void anEmptyStepUpRefusesDeployment() {
        assertThatThrownBy(() -> new JerseyServer(new ResourceConfig()
                .register(OAuthFeature.builder().issuer(as.issuer()).audience("api").build()).register(EmptyStepUp.class)))
                .hasStackTraceContaining("requires nothing");
    }

    // --- RFC 9728

    @Test
    void theMetadataNamesTheResourceItsIssuersScopesAndMethods() {
        Http.Reply reply = http.get("/.well-known/oauth-protected-resource");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(reply.json().path("resource").asText()).isEqualTo("https://api.example.com/");
        assertThat(reply.json().path("authorization_servers").get(0).asText()).isEqualTo(as.issuer());
        assertThat(reply.json().path("authorization_servers").size()).isOne();
        assertThat(reply.json().path("scopes_supported").toString()).isEqualTo("[\"read\",\"sub-scope\"]");
        assertThat(reply.json().path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        assertThat(reply.json().path("dpop_signing_alg_values_supported").toString())
                .isEqualTo("[\"ES256\",\"ES384\",\"Ed25519\",\"EdDSA\",\"PS256\",\"RS256\"]");
        assertThat(reply.json().path("dpop_bound_access_tokens_required").asBoolean(true)).isFalse();
        assertThat(reply.json().path("resource_name").asText()).isEqualTo("Requirements API");
        assertThat(reply.json().path("resource_documentation").asText()).isEqualTo("https://docs.example.com/api");
        assertThat(http.send("HEAD", "/.well-known/oauth-protected-resource").status()).isEqualTo(200);
        assertThat(http.send("POST", "/.well-known/oauth-protected-resource").status()).isEqualTo(404);
        assertThat(http.get("/.well-known/oauth-protected-resource/other").status()).isEqualTo(404);
    }

    @Test
    void thePublicUrlIsAnAcceptedAudienceUnlessTurnedOff() {
        assertThat(get("/r/tenant", as.token().claim("tenant", "t1").audience("https://api.example.com")).status()).isEqualTo(200);
        assertThat(get("/r/tenant", as.token().claim("tenant", "t1").audience("https://api.example.com/")).status()).isEqualTo(200);
        assertThat(get("/r/tenant", as.token().claim("tenant", "t1").audience("https://api.example.com/other")).status()).isEqualTo(401);
        try (JerseyServer strict = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .publicUrl(URI.create("https://api.example.com")).resourceAudience(false).build()).register(Audit.class))) {
            assertThat(strict.http().withToken("/i/audit", as.token().claim("department", "audit").audience("https://api.example.com").sign()).status())
                    .isEqualTo(401);
            assertThat(strict.http().withToken("/i/audit", as.token().claim("department", "audit").sign()).status()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPublicUrlWithAPathServesItsMetadataAtThePathSuffixAndTheBareOne() throws Exception {
        try (JerseyServer mcp = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer())
                .publicUrl(URI.create("https://mcp.example.com/mcp")).build()).register(Audit.class))) {
            for (String path : List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource")) {
                Http.Reply reply = mcp.http().get(path);
                assertThat(reply.status()).as(path).isEqualTo(200);
                assertThat(reply.json().path("resource").asText()).isEqualTo("https://mcp.example.com/mcp");
            }
            Http.Reply missing = mcp.http().get("/i/audit");
            assertThat(missing.header("WWW-Authenticate"))
                    .isEqualTo("Bearer realm=\"api\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
            // no audience but the resource itself: a token for it passes, one for "api" does not
            assertThat(mcp.http().withToken("/i/audit", as.token().claim("department", "audit").audience("https://mcp.example.com/mcp").sign()).status())
                    .isEqualTo(200);
            assertThat(mcp.http().withToken("/i/audit", as.token().claim("department", "audit").sign()).status()).isEqualTo(401);
        }
    }

    @Test
    void withoutAPublicUrlTheMetadataDescribesTheServerAsReachedAndIsNotCachedByOthers() throws Exception {
        try (JerseyServer plain = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api").build())
                .register(Audit.class))) {
            Http.Reply reply = plain.http().get("/.well-known/oauth-protected-resource");
            assertThat(reply.json().path("resource").asText()).isEqualTo(plain.http().url("/").toString());
            assertThat(reply.header("Cache-Control")).isEqualTo("no-cache");
        }
    }

    @Test
    void theMetadataIsOpenUnderAGlobalSecuredAndGoneWhenTurnedOff() throws Exception {
        @Secured(scopes = "read")
        class ProtectAll extends jakarta.ws.rs.core.Application {
            @Override
            public java.util.Set<Class<?>> getClasses() {
                return java.util.Set.of(OAuthFeature.class, Audit.class);
            }

            @Override
            public Map<String, Object> getProperties() {
                return Map.of("jaxrs-oauth.issuer", as.issuer(), "jaxrs-oauth.audience", "api");
            }
        }
        try (JerseyServer all = new JerseyServer(new ProtectAll())) {
            assertThat(all.http().get("/.well-known/oauth-protected-resource").status()).isEqualTo(200);
            assertThat(all.http().get("/i/audit").status()).isEqualTo(401);
        }
        try (JerseyServer off = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .resourceMetadata(false).build()).register(Audit.class))) {
            assertThat(off.http().get("/.well-known/oauth-protected-resource").status()).isEqualTo(404);
            assertThat(off.http().get("/i/audit").header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
        }
    }

    // --- review fixes

    @Path("/ruled")
    public static class RuledRoot {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get() {
            return "root";
        }

        @Path("sub")
        public Sub sub() {
            return new Sub();
        }
    }

    @Test
    void aClassRuleOnAClassWithALocatorRefusesDeployment() {
        assertThatThrownBy(() -> new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .rule(RuledRoot.class, caller -> false).build()).register(RuledRoot.class)))
                .hasStackTraceContaining("the rule registered for " + RuledRoot.class.getName() + " reaches the sub-resource locator");
    }

    @Test
    void anEmptyRuleListStillNeedsAToken() {
        assertThat(http.get("/located/empty-rule").status()).isEqualTo(401);
        assertThat(get("/located/empty-rule", as.token()).status()).isEqualTo(200);
    }

    @Test
    void theMetadataListsScopesOfSubResourcesFromTheStartAndNotThoseOfDenyAll() throws Exception {
        try (JerseyServer fresh = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .build()).register(Located.class))) {
            String scopes = fresh.http().get("/.well-known/oauth-protected-resource").json().path("scopes_supported").toString();
            assertThat(scopes).isEqualTo("[\"sub-scope\"]");
        }
    }

    @Test
    void rulesRegisteredTwiceAndBadValuesAreRefused() {
        assertThatThrownBy(() -> OAuthFeature.builder().rule("r", c -> true).rule("r", c -> false))
                .hasMessageContaining("registered twice under the name r");
        assertThatThrownBy(() -> OAuthFeature.builder().rule(Guarded.class, c -> true).rule(Guarded.class, c -> false))
                .hasMessageContaining("registered twice for " + Guarded.class.getName());
        assertThatThrownBy(() -> OAuthFeature.builder().publicUrl(URI.create("https://user:secret@api.example.com")))
                .hasMessageContaining("must not carry user information");
        assertThatThrownBy(() -> new InsufficientUserAuthenticationException(java.util.Set.of("x\", evil=\"1"), 5, "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InsufficientScopeException(java.util.Set.of("read\", evil=\"1"), "d"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReusedBuilderDoesNotKeepAnEarlierPublicUrlAsAudience() throws Exception {
        OAuthFeature.Builder builder = OAuthFeature.builder().issuer(as.issuer()).audience("api").publicUrl(URI.create("https://tenant-a.example.com"));
        builder.build();
        try (JerseyServer second = new JerseyServer(new ResourceConfig().register(builder.publicUrl(URI.create("https://tenant-b.example.com"))
                .resourceAudience(false).build()).register(Audit.class))) {
            assertThat(second.http().withToken("/i/audit", as.token().claim("department", "audit").audience("https://tenant-a.example.com").sign())
                    .status()).isEqualTo(401);
        }
    }

    @Test
    void theResourceIsWrittenAsClientsWriteItAndItsWrittenFormIsAnAudience() throws Exception {
        try (JerseyServer upper = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .publicUrl(URI.create("HTTPS://API.Example.com:443")).build()).register(Audit.class))) {
            assertThat(upper.http().get("/.well-known/oauth-protected-resource").json().path("resource").asText()).isEqualTo("https://api.example.com/");
            assertThat(upper.http().withToken("/i/audit", as.token().claim("department", "audit").audience("https://api.example.com/").sign())
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aBrowserPreflightIsAnsweredAndACustomValidatorNamesItsServers() throws Exception {
        JwtValidator jwt = JwtValidator.builder().issuer(as.issuer()).audience("api").build();
        TokenValidator custom = token -> jwt.validate(token);
        try (JerseyServer own = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().validator(custom)
                .authorizationServers(as.issuer()).build()).register(Audit.class))) {
            Http.Reply preflight = own.http().send("OPTIONS", "/.well-known/oauth-protected-resource",
                    "Origin", "https://app.example.com", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "mcp-protocol-version");
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("*");
            assertThat(own.http().get("/.well-known/oauth-protected-resource").json().path("authorization_servers").get(0).asText())
                    .isEqualTo(as.issuer());
        }
    }

    public static class UnknownRuleSub {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        @RequireRule("nobody-registered-this")
        public String get() {
            return "never";
        }
    }

    @Path("/untyped")
    public static class UntypedLocator {
        @Path("sub")
        public Object sub() {
            return new UnknownRuleSub();
        }
    }

    @Test
    void aBadDeclarationOnlyTheFirstRequestCanSeeFailsClosedWithTheJson500() throws Exception {
        try (JerseyServer untyped = new JerseyServer(new ResourceConfig().register(OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .build()).register(UntypedLocator.class))) {
            for (int i = 0; i < 2; i++) {
                Http.Reply reply = untyped.http().withToken("/untyped/sub", as.token().sign());
                assertThat(reply.status()).isEqualTo(500);
                assertThat(reply.code()).isEqualTo("server_error");
                assertThat(reply.json().path("error_id").asText()).hasSize(16);
            }
        }
    }
}
