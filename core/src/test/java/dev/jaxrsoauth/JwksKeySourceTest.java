package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import dev.jaxrsoauth.testing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery and the JWKS cache, counted in fetches against a mock authorization server. */
class JwksKeySourceTest {

    private final MutableClock clock = MutableClock.now();
    private MockAuthorizationServer as = MockAuthorizationServer.builder().issuerPath("/oauth/v2/anonymous").clock(clock).start();

    @AfterEach
    void stop() {
        as.close();
    }

    private JwtValidator validator() {
        return JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock).build();
    }

    @Test
    void jwksUriIsDiscoveredFromOpenIdConfiguration() {
        JwtValidator validator = validator();
        assertThat(validator.validate(as.token().sign()).getName()).isEqualTo("user-1");
        assertThat(as.discoveryFetches()).isEqualTo(1);
        assertThat(as.jwksFetches()).isEqualTo(1);
    }

    @Test
    void discoveryFallsBackToOAuthMetadata() {
        as.close();
        as = MockAuthorizationServer.builder().issuerPath("/tenant").clock(clock).discovery(false, true).start();
        assertThat(validator().validate(as.token().sign())).isNotNull();
        assertThat(as.discoveryFetches()).isEqualTo(1);
    }

    @Test
    void metadataNamingAnotherIssuerIsRefused() {
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer() + "/").audience("api").clock(clock).build();
        assertThatThrownBy(() -> validator.validate(as.token().issuer(as.issuer() + "/").sign()))
                .isInstanceOf(AuthorizationServerException.class)
                .satisfies(e -> assertThat(((OAuthException) e).detail()).contains("names issuer"));
        assertThat(as.jwksFetches()).isZero();
    }

    @Test
    void configuredJwksUriSkipsDiscovery() {
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer()).audience("api").jwksUri(as.jwksUri()).clock(clock).build();
        assertThat(validator.validate(as.token("ec-1").sign())).isNotNull();
        assertThat(as.discoveryFetches()).isZero();
    }

    @Test
    void keysAreFetchedLazilyAndOnceForManyTokens() {
        JwtValidator validator = validator();
        assertThat(as.jwksFetches()).isZero();
        for (String kid : new String[] {"rsa-1", "ec-1", "ed-1", "rsa-1"}) {
            assertThat(validator.validate(as.token(kid).sign())).isNotNull();
        }
        assertThat(as.jwksFetches()).isEqualTo(1);
    }

    @Test
    void unknownKidRefetchesAtMostOncePerInterval() {
        JwtValidator validator = validator();
        validator.validate(as.token().sign());
        clock.advance(JwksKeySource.MIN_REFRESH_INTERVAL);
        for (int i = 0; i < 20; i++) {
            String bogus = as.token().header("kid", "bogus-" + i).sign();
            assertThatThrownBy(() -> validator.validate(bogus))
                    .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
        }
        assertThat(as.jwksFetches()).isEqualTo(2);
    }

    @Test
    void rotatedInKeyIsAcceptedAfterTheInterval() {
        JwtValidator validator = validator();
        validator.validate(as.token().sign());
        SigningKey next = SigningKey.generate("rsa-2", "RS256");
        as.addKey(next);
        clock.advance(JwksKeySource.MIN_REFRESH_INTERVAL);
        assertThat(validator.validate(as.token().signedWith(next).sign())).isNotNull();
        assertThat(as.jwksFetches()).isEqualTo(2);
    }

    @Test
    void removedKeyStopsVerifyingAfterTheLifetime() {
        JwtValidator validator = validator();
        SigningKey ec = as.key("ec-1");
        validator.validate(as.token().signedWith(ec).sign());
        as.removeKey("ec-1");
        clock.advance(JwksKeySource.LIFETIME.plusSeconds(1));
        String token = as.token().signedWith(ec).sign();
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY));
    }

    @Test
    void outageKeepsServingTheLastGoodKeys() {
        JwtValidator validator = validator();
        validator.validate(as.token().sign());
        as.jwksStatus(500);
        clock.advance(JwksKeySource.LIFETIME.plusSeconds(1));
        assertThat(validator.validate(as.token().sign())).isNotNull();
        assertThat(validator.validate(as.token().sign())).isNotNull();
        assertThat(as.jwksFetches()).isEqualTo(2);
    }

    @Test
    void noKeysAndNoServerIs500AndRecoversWhenTheServerReturns() {
        JwtValidator validator = validator();
        as.jwksStatus(500);
        assertThatThrownBy(() -> validator.validate(as.token().sign())).isInstanceOf(AuthorizationServerException.class);
        as.jwksStatus(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(validator.validate(as.token().sign())).isNotNull();
    }
}
