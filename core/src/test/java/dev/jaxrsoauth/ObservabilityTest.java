package dev.jaxrsoauth;

import dev.jaxrsoauth.api.DataResource;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication events (accepted, rejected, denied, introspected) and health snapshots, with time moved by hand. */
class ObservabilityTest {

    /** Keeps every event. */
    static final class Recorder implements AuthenticationListener {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void accepted(AuthenticationEvent.Accepted event) {
            events.add(event);
        }

        @Override
        public void rejected(AuthenticationEvent.Rejected event) {
            events.add(event);
        }

        @Override
        public void denied(AuthenticationEvent.Denied event) {
            events.add(event);
        }

        @Override
        public void introspected(AuthenticationEvent.Introspected event) {
            events.add(event);
        }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }
    }

    private final MutableClock clock = MutableClock.now();
    private final MockAuthorizationServer as = MockAuthorizationServer.builder().clock(clock).start();
    private final Recorder recorder = new Recorder();

    @AfterEach
    void stop() {
        as.close();
    }

    private JwtValidator.Builder validator() {
        return JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock).authenticationListener(recorder);
    }

    @Test
    void aRejectionSaysWhyWithTheTrustedIssuerOnly() {
        JwtValidator validator = validator().build();
        try {
            validator.validate(as.token().expiresAt(clock.instant().minusSeconds(600)).sign());
        } catch (InvalidTokenException expected) {
            // reported below
        }
        try {
            validator.validate(as.token().issuer("https://evil.example.com\u0000\n").sign());
        } catch (InvalidTokenException expected) {
            // reported below
        }
        List<AuthenticationEvent.Rejected> rejected = recorder.of(AuthenticationEvent.Rejected.class);
        assertThat(rejected).extracting(AuthenticationEvent.Rejected::reason)
                .containsExactly(InvalidTokenException.Reason.EXPIRED, InvalidTokenException.Reason.ISSUER);
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("invalid_token");
            // the validator's own issuer, never the token's claim
            assertThat(r.issuer()).isEqualTo(as.issuer());
            assertThat(r.errorId()).isNull();
        });
    }

    @Test
    void anAcceptedTokenSaysWhoAndWhetherTheCacheAnswered() {
        JwtValidator validator = validator().build();
        String token = as.token().claim("client_id", "web\u0007app").sign();
        validator.validate(token);
        validator.validate(token);
        List<AuthenticationEvent.Accepted> accepted = recorder.of(AuthenticationEvent.Accepted.class);
        assertThat(accepted).extracting(AuthenticationEvent.Accepted::cacheHit).containsExactly(false, true);
        assertThat(accepted).allSatisfy(a -> {
            assertThat(a.issuer()).isEqualTo(as.issuer());
            assertThat(a.clientId()).isEqualTo("web?app");
            assertThat(a.scheme()).isEqualTo(TokenRequest.Scheme.BEARER);
            assertThat(a.elapsed()).isPositive();
        });
    }

    @Test
    void aListenerThatThrowsChangesNoAnswer() {
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock)
                .authenticationListener(new AuthenticationListener() {
                    @Override
                    public void accepted(AuthenticationEvent.Accepted event) {
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void rejected(AuthenticationEvent.Rejected event) {
                        throw new AssertionError("listener bug");
                    }
                }).build();
        assertThat(validator.validate(as.token().sign()).issuer()).isEqualTo(as.issuer());
        InvalidTokenException refusal = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> validator.validate(as.token().audience("other").sign()), InvalidTokenException.class);
        assertThat(refusal.reason()).isEqualTo(InvalidTokenException.Reason.AUDIENCE);
    }

    @Test
    void aTokenNoValidatorWasChosenForIsReportedByTheMultiIssuerValidator() {
        MultiIssuerValidator multi = MultiIssuerValidator.builder().add(validator().build()).authenticationListener(recorder).build();
        try {
            multi.validate(as.token().issuer("https://unknown.example.com").sign());
        } catch (InvalidTokenException expected) {
            // reported
        }
        assertThat(recorder.of(AuthenticationEvent.Rejected.class)).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(InvalidTokenException.Reason.ISSUER);
            assertThat(r.issuer()).isNull();
        });
    }

    @Test
    void introspectionsAreReportedWithTheirOutcomeAndWhetherTheCacheAnswered() {
        IntrospectionValidator introspection = IntrospectionValidator.builder().issuer(as.issuer()).audience("api").clock(clock)
                .clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET)
                .authenticationListener(recorder).build();
        String active = as.introspection().issue();
        introspection.validate(active);
        introspection.validate(active);
        String revoked = as.introspection().issue();
        as.introspection().revoke(revoked);
        try {
            introspection.validate(revoked);
        } catch (InvalidTokenException expected) {
            // reported
        }
        as.introspection().fault(IntrospectionEndpoint.Fault.SERVER_ERROR);
        try {
            introspection.validate(as.introspection().issue());
        } catch (AuthorizationServerException expected) {
            // reported
        }
        List<AuthenticationEvent.Introspected> calls = recorder.of(AuthenticationEvent.Introspected.class);
        assertThat(calls).extracting(AuthenticationEvent.Introspected::outcome).containsExactly(AuthenticationEvent.Outcome.ACTIVE,
                AuthenticationEvent.Outcome.ACTIVE, AuthenticationEvent.Outcome.INACTIVE, AuthenticationEvent.Outcome.FAILED);
        assertThat(calls).extracting(AuthenticationEvent.Introspected::cacheHit).containsExactly(false, true, false, false);
        assertThat(calls.get(0).endpoint()).hasToString(as.issuer() + IntrospectionEndpoint.PATH);
        assertThat(recorder.of(AuthenticationEvent.Accepted.class)).extracting(AuthenticationEvent.Accepted::cacheHit).containsExactly(false, true);
        assertThat(recorder.of(AuthenticationEvent.Rejected.class)).extracting(AuthenticationEvent.Rejected::status).containsExactly(401, 500);
        assertThat(recorder.of(AuthenticationEvent.Rejected.class).get(1).errorId()).hasSize(16);

        SourceHealth health = introspection.health().get(0);
        assertThat(health.kind()).isEqualTo("introspection");
        assertThat(health.usable()).isFalse();
        assertThat(health.consecutiveFailures()).isOne();
        assertThat(health.lastFailure()).contains("answered 500");
    }

    @Test
    void theKeySourceHealthFollowsFetchesFailuresAndStaleness() {
        JwtValidator validator = validator().jwksMaxStaleness(Duration.ofHours(1)).build();
        SourceHealth before = validator.health().get(0);
        assertThat(before.usable()).isFalse();
        assertThat(before.lastSuccess()).isNull();
        assertThat(before.uri()).isNull();

        validator.validate(as.token().sign());
        SourceHealth fetched = validator.health().get(0);
        assertThat(fetched.usable()).isTrue();
        assertThat(fetched.kind()).isEqualTo("jwks");
        assertThat(fetched.issuer()).isEqualTo(as.issuer());
        assertThat(fetched.uri()).isEqualTo(as.jwksUri());
        assertThat(fetched.keyIds()).contains("rsa-1");
        assertThat(fetched.age()).isZero();
        assertThat(fetched.nextRefresh()).isAfter(clock.instant());
        assertThat(fetched.expiresAt()).isAfter(fetched.nextRefresh());
        assertThat(fetched.consecutiveFailures()).isZero();

        as.jwks().status(503);
        clock.advance(Duration.ofMinutes(10));
        validator.validate(as.token().sign());
        SourceHealth stale = validator.health().get(0);
        assertThat(stale.usable()).as("within the allowed staleness").isTrue();
        assertThat(stale.age()).isEqualTo(Duration.ofMinutes(10));
        assertThat(stale.expiresAt()).as("the default lifetime is 5 minutes").isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));

        clock.advance(Duration.ofHours(2));
        try {
            validator.validate(as.token().sign());
        } catch (AuthorizationServerException expected) {
            // no usable keys
        }
        SourceHealth down = validator.health().get(0);
        assertThat(down.usable()).isFalse();
        assertThat(down.consecutiveFailures()).isPositive();
        assertThat(down.lastFailure()).contains("503");
    }

    // --- through the feature, over HTTP

    @Path("/health")
    public static class Health {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get(@Context Configuration configuration) {
            return OAuthFeature.health(configuration).stream().map(h -> h.kind() + " " + h.usable()).collect(Collectors.joining(","));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theFeatureReportsMissingTokensDenialsAndServerErrorsAndOffersItsHealth() throws Exception {
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").authenticationListener(recorder).build();
        try (JerseyServer server = new JerseyServer(new ResourceConfig().register(feature).register(JacksonFeature.class)
                .register(DataResource.class).register(Health.class))) {
            assertThat(server.http().get("/health").body()).isEqualTo("jwks false");
            assertThat(server.http().get("/api/data").status()).isEqualTo(401);
            assertThat(server.http().withToken("/api/data", as.token().scope("other").sign()).status()).isEqualTo(403);
            assertThat(server.http().get("/health").body()).isEqualTo("jwks true");
        }
        assertThat(recorder.of(AuthenticationEvent.Rejected.class)).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(InvalidTokenException.Reason.MISSING);
            assertThat(r.issuer()).isEqualTo(as.issuer());
        });
        assertThat(recorder.of(AuthenticationEvent.Accepted.class)).hasSize(1);
        assertThat(recorder.of(AuthenticationEvent.Denied.class)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(403);
            assertThat(d.code()).isEqualTo("insufficient_scope");
            assertThat(d.method()).isEqualTo(DataResource.class.getName() + ".get");
            assertThat(d.issuer()).isEqualTo(as.issuer());
        });

        Recorder down = new Recorder();
        OAuthFeature unreachable = OAuthFeature.builder().issuer(as.issuer()).audience("api")
                .jwksUri(URI.create("http://127.0.0.1:" + closedPort() + "/jwks")).authenticationListener(down).build();
        try (JerseyServer server = new JerseyServer(new ResourceConfig().register(unreachable).register(JacksonFeature.class)
                .register(DataResource.class))) {
            Http.Reply reply = server.http().withToken("/api/data", as.token().sign());
            assertThat(reply.status()).isEqualTo(500);
            assertThat(down.of(AuthenticationEvent.Rejected.class)).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.code()).isEqualTo("server_error");
                assertThat(r.errorId()).isEqualTo(reply.json().path("error_id").asText());
            });
        }
    }

    @Path("/ruled")
    public static class Ruled {
        @GET
        @Secured
        @RequireRule("boom")
        public String get() {
            return "never";
        }
    }

    @Test
    void aRuleThatThrowsIsOneDenialWithItsStatusNeverASecondOutcome() throws Exception {
        OAuthFeature feature = OAuthFeature.builder().issuer(as.issuer()).audience("api").authenticationListener(recorder)
                .rule("boom", caller -> {
                    throw new IllegalStateException("rule bug");
                }).build();
        try (JerseyServer server = new JerseyServer(new ResourceConfig().register(feature).register(JacksonFeature.class).register(Ruled.class))) {
            Http.Reply reply = server.http().withToken("/ruled", as.token().sign());
            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.json().path("code").asText()).isEqualTo("server_error");
        }
        assertThat(recorder.of(AuthenticationEvent.Accepted.class)).hasSize(1);
        assertThat(recorder.of(AuthenticationEvent.Rejected.class)).isEmpty();
        assertThat(recorder.of(AuthenticationEvent.Denied.class)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(500);
            assertThat(d.code()).isEqualTo("server_error");
            assertThat(d.method()).isEqualTo(Ruled.class.getName() + ".get");
        });
    }

    @Test
    void anIntrospectionAnswersIssuerIsReportedOnlyWhenConfigured() {
        IntrospectionValidator anyIssuer = IntrospectionValidator.builder().introspectionEndpoint(URI.create(as.issuer() + IntrospectionEndpoint.PATH))
                .audience("api").clock(clock).clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET)
                .authenticationListener(recorder).build();
        anyIssuer.validate(as.introspection().issue(java.util.Map.of("iss", "https://chosen-by-the-answer.example")));
        assertThat(recorder.of(AuthenticationEvent.Accepted.class)).singleElement()
                .satisfies(a -> assertThat(a.issuer()).as("not a configured issuer").isNull());
    }

    @Test
    void withoutAListenerTheQuietPathIsTaken() {
        // the validator then measures nothing and allocates nothing for events (the JMH rows show it)
        JwtValidator quiet = JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock).build();
        assertThat(ValidatorFacts.of(quiet).listener()).isSameAs(AuthenticationListener.NONE);
        assertThat(ValidatorFacts.of(validator().build()).listener()).isNotSameAs(AuthenticationListener.NONE);
    }
}
