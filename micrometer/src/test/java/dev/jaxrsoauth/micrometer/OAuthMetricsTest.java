package dev.jaxrsoauth.micrometer;

import dev.jaxrsoauth.AuthorizationServerException;
import dev.jaxrsoauth.IntrospectionValidator;
import dev.jaxrsoauth.InvalidTokenException;
import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meters a real validator's events produce, against the mock authorization server, with time moved by hand. */
class OAuthMetricsTest {

    private final MutableClock clock = MutableClock.now();
    private final MockAuthorizationServer as = MockAuthorizationServer.builder().clock(clock).start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OAuthMetrics metrics = new OAuthMetrics(registry, Tags.of("api", "orders"), clock);

    @AfterEach
    void stop() {
        as.close();
    }

    private JwtValidator validator() {
        return JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock)
                .jwksMaxStaleness(Duration.ofHours(1))
                .authenticationListener(metrics).keySourceListener(metrics).build();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private long timed(String name, String... tags) {
        return registry.find(name).tags(tags).timers().stream().mapToLong(t -> t.count()).sum();
    }

    private double gauge(String name, String kind) {
        return registry.get(name).tags("kind", kind).gauge().value();
    }

    @Test
    void rejectionsAreCountedByStatusCodeAndReasonWithTheTrustedIssuerOnly() {
        JwtValidator validator = validator();
        assertThatThrownBy(() -> validator.validate(as.token().expiresAt(clock.instant().minusSeconds(600)).sign()))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> validator.validate(as.token().issuer("https://evil.example.com").sign()))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> validator.validate("not.a.token")).isInstanceOf(InvalidTokenException.class);

        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "rejected", "status", "401", "code", "invalid_token", "reason", "expired"))
                .isEqualTo(1);
        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "rejected", "reason", "issuer")).isEqualTo(1);
        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "rejected", "reason", "malformed")).isEqualTo(1);
        assertThat(timed(OAuthMetrics.VALIDATION, "outcome", "rejected")).isEqualTo(3);
        // the token's issuer claim never becomes a tag value
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .doesNotContain("https://evil.example.com", "not.a.token");
        assertThat(registry.get(OAuthMetrics.AUTHENTICATIONS).tags("reason", "expired").counter().getId().getTag("issuer"))
                .isEqualTo(as.issuer());
        assertThat(registry.get(OAuthMetrics.AUTHENTICATIONS).counter().getId().getTag("api")).isEqualTo("orders");
    }

    @Test
    void acceptedTokensAreCountedAndTimedWithTheCacheHitRatio() {
        JwtValidator validator = validator();
        assertThat(registry.get(OAuthMetrics.CACHE_HIT_RATIO).gauge().value()).isNaN();
        String token = as.token().sign();
        validator.validate(token);
        validator.validate(token);
        validator.validate(token);
        validator.validate(as.token().subject("other").sign());

        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "accepted", "scheme", "bearer", "cache", "miss", "status", "200"))
                .isEqualTo(2);
        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "accepted", "cache", "hit")).isEqualTo(2);
        assertThat(timed(OAuthMetrics.VALIDATION, "outcome", "accepted", "scheme", "bearer")).isEqualTo(4);
        assertThat(registry.get(OAuthMetrics.CACHE_HIT_RATIO).gauge().value()).isEqualTo(0.5);
        assertThat(timed(OAuthMetrics.JWKS_FETCHES, "outcome", "success", "uri", as.jwksUri().toString())).isEqualTo(1);
    }

    @Test
    void unknownKeyIdsAreCountedWithoutTheAttackerChosenId() {
        JwtValidator validator = validator();
        validator.validate(as.token().sign());
        String attackerKid = "kid-" + "x".repeat(40);
        assertThatThrownBy(() -> validator.validate(as.token().header("kid", attackerKid).sign()))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(count(OAuthMetrics.JWKS_UNKNOWN_KEYS)).isEqualTo(1);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .noneMatch(value -> value.contains("kid-x"));
        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "rejected", "reason", "unknown_key")).isEqualTo(1);
    }

    @Test
    void healthGaugesFollowAgeStalenessFailuresAndUsability() {
        JwtValidator validator = validator();
        metrics.bindHealth(validator::health);
        assertThat(gauge(OAuthMetrics.SOURCE_USABLE, "jwks")).isZero();
        assertThat(gauge(OAuthMetrics.SOURCE_AGE, "jwks")).isNaN();

        validator.validate(as.token().sign());
        clock.advance(Duration.ofSeconds(90));
        assertThat(gauge(OAuthMetrics.SOURCE_USABLE, "jwks")).isEqualTo(1);
        assertThat(gauge(OAuthMetrics.SOURCE_AGE, "jwks")).isEqualTo(90);
        assertThat(gauge(OAuthMetrics.SOURCE_KEYS, "jwks")).isGreaterThanOrEqualTo(1);
        assertThat(gauge(OAuthMetrics.SOURCE_STALENESS, "jwks")).isZero();
        assertThat(registry.get(OAuthMetrics.SOURCE_AGE).gauge().getId().getTag("issuer")).isEqualTo(as.issuer());

        // the authorization server goes away: keys are served stale, then no more
        as.jwks().status(503);
        clock.advance(Duration.ofMinutes(10));
        validator.validate(as.token().sign());
        assertThat(gauge(OAuthMetrics.SOURCE_STALENESS, "jwks")).isEqualTo(Duration.ofMinutes(10).plusSeconds(90).minusMinutes(5).toSeconds());
        assertThat(gauge(OAuthMetrics.SOURCE_USABLE, "jwks")).as("within the allowed staleness").isEqualTo(1);
        assertThat(count(OAuthMetrics.JWKS_STALE)).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(gauge(OAuthMetrics.SOURCE_USABLE, "jwks")).isZero();
        assertThatThrownBy(() -> validator.validate(as.token().sign())).isInstanceOf(AuthorizationServerException.class);
        assertThat(gauge(OAuthMetrics.SOURCE_FAILURES, "jwks")).isGreaterThanOrEqualTo(1);
        assertThat(timed(OAuthMetrics.JWKS_FETCHES, "outcome", "failure")).isGreaterThanOrEqualTo(1);
        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "rejected", "status", "500")).isEqualTo(1);

        // binding again registers nothing twice
        metrics.bindHealth(validator::health);
        assertThat(registry.find(OAuthMetrics.SOURCE_AGE).gauges()).hasSize(1);
    }

    @Test
    void introspectionCallsAreTimedAndCacheHitsOnlyCounted() {
        IntrospectionValidator introspection = IntrospectionValidator.builder().issuer(as.issuer()).audience("api").clock(clock)
                .clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET)
                .authenticationListener(metrics).build();
        metrics.bindHealth(introspection::health);
        String active = as.introspection().issue();
        introspection.validate(active);
        introspection.validate(active);
        as.introspection().fault(IntrospectionEndpoint.Fault.SERVER_ERROR);
        assertThatThrownBy(() -> introspection.validate(as.introspection().issue())).isInstanceOf(AuthorizationServerException.class);

        assertThat(count(OAuthMetrics.INTROSPECTIONS, "outcome", "active", "cache", "miss")).isEqualTo(1);
        assertThat(count(OAuthMetrics.INTROSPECTIONS, "outcome", "active", "cache", "hit")).isEqualTo(1);
        assertThat(count(OAuthMetrics.INTROSPECTIONS, "outcome", "failed")).isEqualTo(1);
        assertThat(timed(OAuthMetrics.INTROSPECTION_CALLS, "outcome", "active")).isEqualTo(1);
        assertThat(timed(OAuthMetrics.INTROSPECTION_CALLS, "outcome", "failed")).isEqualTo(1);
        assertThat(count(OAuthMetrics.AUTHENTICATIONS, "outcome", "rejected", "status", "500", "code", "server_error")).isEqualTo(1);
        assertThat(gauge(OAuthMetrics.SOURCE_FAILURES, "introspection")).isEqualTo(1);
        assertThat(gauge(OAuthMetrics.SOURCE_USABLE, "introspection")).isZero();
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(id -> id.getTag("endpoint"))
                .filteredOn(endpoint -> endpoint != null).containsOnly(as.issuer() + IntrospectionEndpoint.PATH);
    }
}
