package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two trusted issuers, each with its own keys and audience. */
class MultiIssuerValidatorTest {

    private final MockAuthorizationServer a = MockAuthorizationServer.builder().audience("api-a").start();
    private final MockAuthorizationServer b = MockAuthorizationServer.builder().audience("api-b").start();

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private MultiIssuerValidator.Builder validator() {
        return MultiIssuerValidator.builder()
                .add(JwtValidator.builder().issuer(a.issuer()).audience("api-a").build())
                .add(JwtValidator.builder().issuer(b.issuer()).audience("api-b").build());
    }

    private static void assertRejected(TokenValidator validator, String token, Reason reason) {
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void tokensOfEveryTrustedIssuerAreAccepted() {
        MultiIssuerValidator validator = validator().build();
        assertThat(validator.validate(a.token().sign()).issuer()).isEqualTo(a.issuer());
        assertThat(validator.validate(b.token("ec-1").sign()).issuer()).isEqualTo(b.issuer());
        assertThat(a.jwks().fetches()).isOne();
        assertThat(b.jwks().fetches()).isOne();
    }

    @Test
    void unknownIssuerIsRejectedWithoutANetworkCall() {
        MultiIssuerValidator validator = validator().build();
        assertRejected(validator, a.token().issuer("https://evil.example.com").sign(), Reason.ISSUER);
        assertThat(a.jwks().fetches() + a.discoveryFetches() + b.jwks().fetches() + b.discoveryFetches()).isZero();
    }

    @Test
    void aKidKnownToOneIssuerDoesNotVerifyATokenClaimingTheOther() {
        MultiIssuerValidator validator = validator().build();
        validator.validate(a.token().sign());
        // signed with A's rsa-1, claiming B: B's own rsa-1 is another key
        String confused = a.token().issuer(b.issuer()).audience("api-b").sign();
        assertRejected(validator, confused, Reason.SIGNATURE);
    }

    @Test
    void eachIssuerHasItsOwnAudience() {
        assertRejected(validator().build(), b.token().audience("api-a").sign(), Reason.AUDIENCE);
    }

    @Test
    void opaqueTokensAreIntrospectedWhenConfigured() {
        IntrospectionValidator introspection = IntrospectionValidator.builder().introspectionEndpoint(a.introspectionUri())
                .clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET).audience(a.audience()).build();
        MultiIssuerValidator validator = validator().opaqueTokens(introspection).build();
        assertThat(validator.validate(a.introspection().issue()).issuer()).isEqualTo(a.issuer());
        assertThat(validator.validate(b.token().sign()).issuer()).isEqualTo(b.issuer());
        assertRejected(validator().build(), a.introspection().issue(), Reason.MALFORMED);
    }

    @Test
    void sameIssuerTwiceIsRefused() {
        assertThatThrownBy(() -> validator().add(JwtValidator.builder().issuer(a.issuer()).audience("x").build()))
                .hasMessageContaining("twice");
    }
}
