package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.IntrospectionValidator.ClientAuthentication;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7662 introspection against the mock server's endpoint, counted in requests, with a hand-moved clock. */
class IntrospectionValidatorTest {

    private final MutableClock clock = MutableClock.now();
    private final MockAuthorizationServer as = MockAuthorizationServer.builder().clock(clock).start();
    private final IntrospectionEndpoint endpoint = as.introspection();

    @AfterEach
    void stop() {
        as.close();
    }

    private IntrospectionValidator.Builder validator() {
        return IntrospectionValidator.builder().introspectionEndpoint(as.introspectionUri())
                .clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET)
                .issuer(as.issuer()).audience("api").clock(clock).roleClaim("role");
    }

    private static void assertRejected(IntrospectionValidator validator, String token, Reason reason) {
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void ordinaryRefusalsAreNotLoggedAsLoaderFailures() {
        java.util.logging.Logger caffeine = java.util.logging.Logger.getLogger("com.github.benmanes.caffeine");
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        caffeine.addHandler(handler);
        try {
            IntrospectionValidator validator = validator().build();
            assertRejected(validator, endpoint.issue(Map.of("aud", "another-api")), Reason.AUDIENCE);
            assertRejected(validator, endpoint.issue(Map.of("cnf", Map.of("jkt", "abc"))), Reason.DPOP_BINDING);
            endpoint.fault(IntrospectionEndpoint.Fault.SERVER_ERROR);
            assertThatThrownBy(() -> validator.validate(endpoint.issue())).isInstanceOf(AuthorizationServerException.class);
            assertThat(records).as("Caffeine log records").isEmpty();
        } finally {
            caffeine.removeHandler(handler);
        }
    }

    @Test
    void refusedActiveTokenIsCachedLikeAnInactiveOneAndServerTroubleNotAtAll() {
        IntrospectionValidator validator = validator().build();
        String wrongAudience = endpoint.issue(Map.of("aud", "another-api"));
        assertRejected(validator, wrongAudience, Reason.AUDIENCE);
        assertRejected(validator, wrongAudience, Reason.AUDIENCE);
        assertThat(endpoint.requests()).isEqualTo(1);
        endpoint.fault(IntrospectionEndpoint.Fault.SERVER_ERROR);
        String token = endpoint.issue();
        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(AuthorizationServerException.class);
        endpoint.fault(IntrospectionEndpoint.Fault.NONE);
        assertThat(validator.validate(token).getName()).isEqualTo("user-1");
        assertThat(endpoint.requests()).isEqualTo(3);
    }

    @Test
    void unknownTokenIsInactive() {
        assertRejected(validator().build(), "never-issued", Reason.INACTIVE);
    }

    @Test
    void revokedTokenIsInactive() {
        IntrospectionValidator validator = validator().build();
        String token = endpoint.issue();
        endpoint.revoke(token);
        assertRejected(validator, token, Reason.INACTIVE);
    }

    @Test
    void activeTokenGivesTheSamePrincipalAsAJwt() {
        TokenPrincipal principal = validator().build().validate(endpoint.issue(Map.of("scope", "read write", "sub", "alice", "role", "admin")));
        assertThat(principal.getName()).isEqualTo("alice");
        assertThat(principal.scopes()).containsExactly("read", "write");
        assertThat(principal.roles()).containsExactly("admin");
        assertThat(principal.issuer()).isEqualTo(as.issuer());
        assertThat(principal.claim("active", Boolean.class)).contains(true);
    }

    @Test
    void expiredOpaqueTokenIsInactive() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("exp", clock.instant().getEpochSecond() - 120);
        assertRejected(validator().build(), endpoint.issue(claims), Reason.INACTIVE);
    }

    @Test
    void anActiveAnswerWithAPastExpIsNotTrusted() {
        // the validator's clock is ten minutes ahead of the server's: the server still says active
        MutableClock ahead = MutableClock.at(clock.instant().plus(Duration.ofMinutes(10)));
        assertRejected(validator().clock(ahead).build(), endpoint.issue(), Reason.EXPIRED);
    }

    @Test
    void wrongIssuerOrAudienceInTheAnswerIsRejected() {
        IntrospectionValidator validator = validator().build();
        assertRejected(validator, endpoint.issue(Map.of("iss", "https://other.example.com")), Reason.ISSUER);
        assertRejected(validator, endpoint.issue(Map.of("aud", "other")), Reason.AUDIENCE);
        // a DPoP-bound token introspected for a bearer request (RFC 9449 §6.2: cnf.jkt in the answer)
        assertRejected(validator, endpoint.issue(Map.of("cnf", Map.of("jkt", "x"))), Reason.DPOP_BINDING);
    }

    @Test
    void answerWithoutIssuerAudienceOrExpIsAcceptedWhenMissingAudiencesAreAccepted() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", null);
        claims.put("aud", null);
        claims.put("exp", null);
        TokenPrincipal principal = validator().acceptMissingAudience(true).build().validate(endpoint.issue(claims));
        assertThat(principal.expiresAt()).isNull();
    }

    @Test
    void answerWithoutAudienceIsRefusedByDefault() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("aud", null);
        assertRejected(validator().build(), endpoint.issue(claims), Reason.AUDIENCE);
        assertRejected(validator().acceptMissingAudience(true).build(), endpoint.issue(Map.of("aud", "another-api")), Reason.AUDIENCE);
    }

    @Test
    void answerForAnotherKindOfTokenIsRefused() {
        IntrospectionValidator validator = validator().build();
        assertRejected(validator, endpoint.issue(Map.of("token_type", "refresh_token")), Reason.TYPE);
        assertRejected(validator, endpoint.issue(Map.of("typ", "Refresh")), Reason.TYPE);
        assertThat(validator.validate(endpoint.issue(Map.of("token_type", "Bearer")))).isNotNull();
        assertThat(validator.validate(endpoint.issue(Map.of("token_type", "access_token")))).isNotNull();
    }

    @Test
    void resultsAreCachedAndOneRequestServesAToken() {
        IntrospectionValidator validator = validator().build();
        String token = endpoint.issue();
        for (int i = 0; i < 5; i++) {
            validator.validate(token);
        }
        assertThat(endpoint.requests()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForOneTokenCostOneIntrospection() throws Exception {
        IntrospectionValidator validator = validator().build();
        String token = endpoint.issue();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TokenPrincipal>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return validator.validate(token);
                }));
            }
            start.countDown();
            for (Future<TokenPrincipal> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(endpoint.requests()).isEqualTo(1);
    }

    @Test
    void activeResultsLiveAtMostTheMaximumTtl() {
        IntrospectionValidator validator = validator().maxCacheTtl(Duration.ofSeconds(30)).build();
        String token = endpoint.issue();
        validator.validate(token);
        clock.advance(Duration.ofSeconds(31));
        validator.validate(token);
        assertThat(endpoint.requests()).isEqualTo(2);
    }

    @Test
    void cachedResultsNeverOutliveExp() {
        IntrospectionValidator validator = validator().maxCacheTtl(Duration.ofMinutes(10)).build();
        String token = endpoint.issue(Map.of("exp", clock.instant().getEpochSecond() + 10));
        validator.validate(token);
        clock.advance(Duration.ofSeconds(71));
        assertRejected(validator, token, Reason.INACTIVE);
        assertThat(endpoint.requests()).isEqualTo(2);
    }

    @Test
    void inactiveResultsAreCachedBriefly() {
        IntrospectionValidator validator = validator().build();
        assertRejected(validator, "unknown", Reason.INACTIVE);
        assertRejected(validator, "unknown", Reason.INACTIVE);
        assertThat(endpoint.requests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        assertRejected(validator, "unknown", Reason.INACTIVE);
        assertThat(endpoint.requests()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = IntrospectionEndpoint.Fault.class, names = {"SERVER_ERROR", "HTML", "NO_ACTIVE"})
    void aFailingEndpointIs500AndNotCached(IntrospectionEndpoint.Fault fault) {
        IntrospectionValidator validator = validator().build();
        String token = endpoint.issue();
        endpoint.fault(fault);
        assertThatThrownBy(() -> validator.validate(token)).isInstanceOf(AuthorizationServerException.class);
        endpoint.fault(IntrospectionEndpoint.Fault.NONE);
        assertThat(validator.validate(token)).isNotNull();
    }

    @Test
    void aSlowEndpointIsCutOffByTheTimeout() {
        endpoint.fault(IntrospectionEndpoint.Fault.SLOW);
        IntrospectionValidator validator = validator().requestTimeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> validator.validate(endpoint.issue())).isInstanceOf(AuthorizationServerException.class);
    }

    @Test
    void bothClientAuthenticationMethodsWorkAndAWrongSecretIs500() {
        String token = endpoint.issue();
        assertThat(validator().clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST).build().validate(token)).isNotNull();
        assertThat(validator().clientAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC).build().validate(token)).isNotNull();
        IntrospectionValidator wrong = validator().clientSecret("wrong").build();
        assertThatThrownBy(() -> wrong.validate(token)).isInstanceOf(AuthorizationServerException.class);
    }

    @Test
    void endpointIsDiscoveredFromTheIssuer() {
        IntrospectionValidator validator = IntrospectionValidator.builder().issuer(as.issuer()).audience("api")
                .clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET).clock(clock).build();
        assertThat(validator.validate(endpoint.issue())).isNotNull();
        assertThat(as.discoveryFetches()).isEqualTo(1);
    }

    @Test
    void signedAnswersAreVerifiedWithTheIssuersKeys() {
        IntrospectionValidator validator = validator().signedResponses(true).build();
        assertThat(validator.validate(endpoint.issue(Map.of("sub", "signed"))).getName()).isEqualTo("signed");
        assertRejected(validator, "unknown", Reason.INACTIVE);
        assertThat(as.jwks().fetches()).isEqualTo(1);
    }

    @Test
    void signedAnswerFromAnotherKeySetIsA500() {
        try (MockAuthorizationServer other = MockAuthorizationServer.start()) {
            IntrospectionValidator validator = validator().signedResponses(true).jwksUri(other.jwksUri()).build();
            assertThatThrownBy(() -> validator.validate(endpoint.issue())).isInstanceOf(AuthorizationServerException.class);
        }
    }

    @Test
    void buildNamesTheMissingSetting() {
        assertThatThrownBy(() -> IntrospectionValidator.builder().introspectionEndpoint(as.introspectionUri()).clientSecret("s").build())
                .hasMessageContaining("clientId");
        assertThatThrownBy(() -> IntrospectionValidator.builder().clientId("c").clientSecret("s").build())
                .hasMessageContaining("introspectionEndpoint or issuer");
        assertThatThrownBy(() -> IntrospectionValidator.builder().clientId("c").clientSecret("s").anyAudience()
                .introspectionEndpoint(URI.create("http://as.example.com/introspect")).build()).hasMessageContaining("https");
        // as for JWTs: accepting any audience is a decision, never a default
        assertThatThrownBy(() -> IntrospectionValidator.builder().clientId("c").clientSecret("s")
                .introspectionEndpoint(as.introspectionUri()).build()).hasMessageContaining("audience is required");
    }
}
