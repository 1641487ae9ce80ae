package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.MutableClock;
import dev.jaxrsoauth.testing.SigningKey;
import dev.jaxrsoauth.testing.TokenBuilder;
import org.junit.jupiter.api.Test;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validated-token cache, with a hand-moved clock and a key source the test can change. */
class TokenCacheTest {

    private static final String ISSUER = "https://as.example.com";
    private static final SigningKey RSA = SigningKey.generate("rsa-1", "RS256");

    private final MutableClock clock = MutableClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    private final Map<String, PublicKey> published = new ConcurrentHashMap<>(Map.of("rsa-1", RSA.publicKey()));
    private final KeySource keys = (kid, alg) -> Optional.ofNullable(kid == null ? null : published.get(kid));

    private JwtValidator.Builder validator() {
        return JwtValidator.builder().issuer(ISSUER).audience("api").keySource(keys).clock(clock);
    }

    private TokenBuilder token() {
        return TokenBuilder.create(RSA, ISSUER, "api", clock.instant());
    }

    private static void assertRejected(JwtValidator validator, String token, Reason reason) {
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aReusedTokenIsServedFromTheCache() {
        JwtValidator validator = validator().build();
        String token = token().sign();
        TokenPrincipal first = validator.validate(token);
        assertThat(validator.validate(token)).isSameAs(first);
        assertThat(validator.cachedTokens()).isOne();
    }

    @Test
    void withTheCacheOffEveryTokenIsVerifiedAgain() {
        JwtValidator validator = validator().tokenCacheSize(0).build();
        String token = token().sign();
        assertThat(validator.validate(token)).isNotSameAs(validator.validate(token)).isEqualTo(validator.validate(token));
        assertThat(validator.cachedTokens()).isZero();
    }

    @Test
    void aHitStillEnforcesExpWithTheSkew() {
        JwtValidator validator = validator().build();
        String token = token().sign();
        validator.validate(token);
        clock.advance(Duration.ofMinutes(5).plusSeconds(60));
        assertThat(validator.validate(token)).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertRejected(validator, token, Reason.EXPIRED);
    }

    @Test
    void aHitStillEnforcesNbf() {
        JwtValidator validator = validator().build();
        String token = token().notBefore(clock.instant().plusSeconds(30)).sign();
        validator.validate(token);
        clock.advance(Duration.ofSeconds(-40));
        assertRejected(validator, token, Reason.NOT_YET_VALID);
    }

    @Test
    void entriesNeverOutliveExp() {
        JwtValidator validator = validator().build();
        validator.validate(token().expiresAt(clock.instant().plusSeconds(10)).sign());
        validator.validate(token().sign());
        assertThat(validator.cachedTokens()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(71));
        assertThat(validator.cachedTokens()).isOne();
    }

    @Test
    void entriesAreDroppedWhenTheirKeyLeavesTheKeySet() {
        JwtValidator validator = validator().build();
        String token = token().sign();
        validator.validate(token);
        published.remove("rsa-1");
        assertRejected(validator, token, Reason.UNKNOWN_KEY);
        assertThat(validator.cachedTokens()).isZero();
    }

    @Test
    void entriesAreDroppedWhenTheirKeyIsReplaced() {
        JwtValidator validator = validator().build();
        String token = token().sign();
        validator.validate(token);
        published.put("rsa-1", SigningKey.generate("rsa-1", "RS256").publicKey());
        assertRejected(validator, token, Reason.SIGNATURE);
    }

    @Test
    void theCacheRemembersTheKeyThatVerifiedNotALaterLookup() {
        // the key source rotates right after the first lookup, as a JWKS refresh landing mid-validation would
        PublicKey replacement = SigningKey.generate("rsa-1", "RS256").publicKey();
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        KeySource rotating = (kid, alg) -> Optional.of(lookups.getAndIncrement() == 0 ? RSA.publicKey() : replacement);
        JwtValidator validator = validator().keySource(rotating).build();
        String token = token().sign();
        validator.validate(token);
        assertRejected(validator, token, Reason.SIGNATURE);
    }

    @Test
    void failuresAreNotCached() {
        JwtValidator validator = validator().build();
        assertRejected(validator, token().audience("other").sign(), Reason.AUDIENCE);
        assertRejected(validator, "garbage", Reason.MALFORMED);
        assertThat(validator.cachedTokens()).isZero();
    }

    @Test
    void aFloodOfUniqueValidTokensStaysWithinTheBound() {
        JwtValidator validator = validator().tokenCacheSize(100).build();
        for (int i = 0; i < 1_000; i++) {
            validator.validate(token().subject("user-" + i).sign());
        }
        assertThat(validator.cachedTokens()).isLessThanOrEqualTo(100);
    }

    @Test
    void aFarFutureExpIsCachedWithoutOverflow() {
        JwtValidator validator = validator().build();
        String token = token().claim("exp", 20_000_000_000L).sign();
        TokenPrincipal first = validator.validate(token);
        assertThat(validator.validate(token)).isSameAs(first);
    }

    @Test
    void negativeSizeIsRefused() {
        assertThatThrownBy(() -> validator().tokenCacheSize(-1).build()).hasMessageContaining("tokenCacheSize");
    }
}
