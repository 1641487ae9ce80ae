package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.MutableClock;
import dev.jaxrsoauth.testing.SigningKey;
import dev.jaxrsoauth.testing.TokenBuilder;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every validation rule, without a container or a network: keys come from a fixed {@link KeySource}. */
class JwtValidatorTest {

    private static final String ISSUER = "https://as.example.com/oauth";
    private static final SigningKey RSA = SigningKey.generate("rsa-1", "RS256");
    private static final SigningKey EC = SigningKey.generate("ec-1", "ES256");
    private static final SigningKey ED = SigningKey.generate("ed-1", "EdDSA");
    private static final SigningKey PS = SigningKey.generate("ps-1", "PS256");
    private static final Map<String, SigningKey> PUBLISHED = Map.of("rsa-1", RSA, "ec-1", EC, "ed-1", ED, "ps-1", PS);
    /** Like a JWKS key source: a key verifies only the algorithm it was published for. */
    private static final KeySource KEYS = (kid, alg) -> Optional.ofNullable(kid == null ? null : PUBLISHED.get(kid))
            .filter(k -> k.algorithm().equals(alg)).map(SigningKey::publicKey);

    private final MutableClock clock = MutableClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    private final JwtValidator validator = validator().build();

    private JwtValidator.Builder validator() {
        return JwtValidator.builder().issuer(ISSUER).audience("api").keySource(KEYS).clock(clock).roleClaim("realm_access.roles");
    }

    private TokenBuilder token() {
        return TokenBuilder.create(RSA, ISSUER, "api", clock.instant());
    }

    private static void assertRejected(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private void assertRejected(String token, Reason reason) {
        assertRejected(() -> validator.validate(token), reason);
    }

    // --- algorithms and keys

    @Test
    void unsignedTokenIsRejected() {
        // without a signature segment the compact form is already malformed; with one, the header policy refuses the alg
        assertRejected(token().unsigned(), Reason.MALFORMED);
        assertRejected(token().unsigned() + "AAAA", Reason.ALGORITHM);
        assertRejected(token().header("alg", "None").sign(), Reason.ALGORITHM);
    }

    @Test
    void hmacSignedWithThePublicKeyIsRejected() throws Exception {
        TokenBuilder forged = token().header("alg", "HS256");
        String input = forged.signingInput();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(RSA.publicKey().getEncoded(), "HmacSHA256"));
        String token = input + "." + TokenBuilder.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertRejected(token, Reason.ALGORITHM);
    }

    @Test
    void algorithmOutsideTheConfiguredSetIsRejected() {
        JwtValidator ecOnly = validator().algorithms("ES256").build();
        assertRejected(() -> ecOnly.validate(token().sign()), Reason.ALGORITHM);
    }

    @Test
    void keyPublishedForAnotherAlgorithmIsNotUsed() {
        // the RSA key is published for RS256: a PS256 signature with the same key must not find it
        TokenBuilder token = token().header("alg", "PS256");
        String input = token.signingInput();
        SigningKey samePairAsPs = SigningKey.generate("rsa-1", "PS256");
        assertThat(samePairAsPs.keyId()).isEqualTo("rsa-1");
        assertRejected(input + "." + TokenBuilder.encode(samePairAsPs.sign(input.getBytes(StandardCharsets.US_ASCII))), Reason.UNKNOWN_KEY);
    }

    @Test
    void unknownKeyIdIsRejected() {
        assertRejected(token().header("kid", "other").sign(), Reason.UNKNOWN_KEY);
    }

    @Test
    void signatureByAnotherKeyUnderAKnownKeyIdIsRejected() {
        SigningKey impostor = SigningKey.generate("rsa-1", "RS256");
        assertRejected(token().signedWith(impostor).sign(), Reason.SIGNATURE);
    }

    @Test
    void embeddedKeyHeadersNeverSelectAKey() {
        SigningKey attacker = SigningKey.generate("attacker", "RS256");
        String withJku = token().signedWith(attacker).header("kid", "rsa-1").header("jku", "https://evil.example/jwks").sign();
        assertRejected(withJku, Reason.SIGNATURE);
        String withX5u = token().signedWith(attacker).header("kid", "rsa-1").header("x5u", "https://evil.example/cert").sign();
        assertRejected(withX5u, Reason.SIGNATURE);
    }

    @Test
    void embeddedJwkHeaderIsIgnored() throws Exception {
        SigningKey attacker = SigningKey.generate("rsa-1", "RS256");
        Map<String, Object> jwk = new com.fasterxml.jackson.databind.ObjectMapper().readValue(attacker.publicJwkJson(), Map.class);
        assertRejected(token().signedWith(attacker).header("jwk", jwk).sign(), Reason.SIGNATURE);
    }

    @Test
    void weakKeyFromACustomKeySourceIsRefused() {
        SigningKey weak = SigningKey.generate("weak", "RS256", 1024);
        JwtValidator lenientSource = validator().keySource((kid, alg) -> Optional.of(weak.publicKey())).build();
        assertRejected(() -> lenientSource.validate(token().signedWith(weak).sign()), Reason.ALGORITHM);
    }

    @Test
    void nestedJwtIsRejected() {
        String inner = token().sign();
        String header = TokenBuilder.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"cty\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String input = header + "." + TokenBuilder.encode(inner.getBytes(StandardCharsets.US_ASCII));
        assertRejected(input + "." + TokenBuilder.encode(RSA.sign(input.getBytes(StandardCharsets.US_ASCII))), Reason.MALFORMED);
    }

    @Test
    void tamperedPayloadIsRejected() {
        String token = token().sign();
        String[] parts = token.split("\\.");
        String other = token().subject("admin").sign().split("\\.")[1];
        assertRejected(parts[0] + "." + other + "." + parts[2], Reason.SIGNATURE);
    }

    @Test
    void criticalHeaderIsRejected() {
        assertRejected(token().header("crit", List.of("exp")).header("exp", 1).sign(), Reason.MALFORMED);
    }

    @Test
    void compressedTokenIsRejected() {
        assertRejected(token().header("zip", "DEF").sign(), Reason.MALFORMED);
    }

    @Test
    void jweIsRejected() {
        assertRejected("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.AA.AA.AA.AA", Reason.MALFORMED);
    }

    @Test
    void oversizedTokenIsRejected() {
        JwtValidator small = validator().maxTokenLength(256).build();
        assertRejected(() -> small.validate(token().claim("pad", "x".repeat(300)).sign()), Reason.MALFORMED);
    }

    @Test
    void garbageIsMalformedNeverAnotherException() {
        for (String garbage : new String[] {"", "a.b.c", "e30.e30.e30", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.AAAA",
                TokenBuilder.encode(new byte[] {(byte) 0xff, (byte) 0xfe}) + ".e30.AAAA"}) {
            assertThatThrownBy(() -> validator.validate(garbage)).as(garbage).isInstanceOf(InvalidTokenException.class);
        }
        assertThatThrownBy(() -> validator.validate((String) null)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void duplicateHeaderMembersAreRejected() {
        String header = TokenBuilder.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"kid\":\"rsa-1\"}".getBytes(StandardCharsets.UTF_8));
        String input = header + "." + token().signingInput().split("\\.")[1];
        assertRejected(input + "." + TokenBuilder.encode(RSA.sign(input.getBytes(StandardCharsets.US_ASCII))), Reason.MALFORMED);
    }

    @Test
    void everyAcceptedAlgorithmVerifies() {
        for (SigningKey key : List.of(RSA, EC, ED, PS)) {
            assertThat(validator.validate(token().signedWith(key).sign()).getName()).as(key.algorithm()).isEqualTo("user-1");
        }
    }

    // --- typ

    @Test
    void idTokenAndLogoutTokenTypesAreRejected() {
        assertRejected(token().header("typ", "id_token+jwt").sign(), Reason.TYPE);
        assertRejected(token().header("typ", "logout+jwt").sign(), Reason.TYPE);
        // a typ that is not a string names no accepted type
        assertRejected(token().header("typ", 7).sign(), Reason.TYPE);
    }

    @Test
    void accessTokenTypesAreAcceptedInAnySpelling() {
        for (String typ : List.of("at+jwt", "application/at+jwt", "AT+JWT", "JWT", "jwt")) {
            assertThat(validator.validate(token().header("typ", typ).sign())).as(typ).isNotNull();
        }
        assertThat(validator.validate(token().withoutHeader("typ").sign())).isNotNull();
    }

    @Test
    void requiredAccessTokenTypeRejectsJwtAndMissingType() {
        JwtValidator strict = validator().requireAccessTokenType().build();
        assertRejected(() -> strict.validate(token().header("typ", "JWT").sign()), Reason.TYPE);
        assertRejected(() -> strict.validate(token().withoutHeader("typ").sign()), Reason.TYPE);
        assertThat(strict.validate(token().header("typ", "application/at+jwt").sign())).isNotNull();
    }

    // --- time

    @Test
    void tokenWithoutExpIsRejected() {
        assertRejected(token().without("exp").sign(), Reason.CLAIMS);
    }

    @Test
    void expiredTokenIsRejectedBeyondTheSkew() {
        String token = token().expiresAt(clock.instant().minusSeconds(61)).sign();
        assertRejected(token, Reason.EXPIRED);
    }

    @Test
    void expiredTokenIsAcceptedWithinTheSkew() {
        assertThat(validator.validate(token().expiresAt(clock.instant().minusSeconds(59)).sign())).isNotNull();
    }

    @Test
    void expiryFollowsTheInjectedClock() {
        String token = token().sign();
        assertThat(validator.validate(token)).isNotNull();
        clock.advance(Duration.ofMinutes(5).plusSeconds(61));
        assertRejected(token, Reason.EXPIRED);
    }

    @Test
    void clockSkewIsConfigurable() {
        JwtValidator noSkew = validator().clockSkew(Duration.ZERO).build();
        assertRejected(() -> noSkew.validate(token().expiresAt(clock.instant().minusSeconds(1)).sign()), Reason.EXPIRED);
    }

    @Test
    void notBeforeInTheFutureIsRejected() {
        assertRejected(token().notBefore(clock.instant().plusSeconds(120)).sign(), Reason.NOT_YET_VALID);
        assertThat(validator.validate(token().notBefore(clock.instant().plusSeconds(30)).sign())).isNotNull();
    }

    @Test
    void issuedInTheFutureIsRejected() {
        assertRejected(token().issuedAt(clock.instant().plusSeconds(120)).sign(), Reason.NOT_YET_VALID);
    }

    // --- iss, aud, cnf

    @Test
    void issuerMustMatchExactly() {
        assertRejected(token().issuer(ISSUER + "/").sign(), Reason.ISSUER);
        assertRejected(token().issuer(ISSUER.toUpperCase()).sign(), Reason.ISSUER);
        assertRejected(token().without("iss").sign(), Reason.ISSUER);
    }

    @Test
    void audienceMayBeAStringOrAnArrayContainingAnAcceptedOne() {
        assertThat(validator.validate(token().audience(List.of("other", "api")).sign())).isNotNull();
        assertRejected(token().audience(List.of("other", "api2")).sign(), Reason.AUDIENCE);
        assertRejected(token().audience("API").sign(), Reason.AUDIENCE);
        assertRejected(token().without("aud").sign(), Reason.AUDIENCE);
    }

    @Test
    void audienceArrayWithNullOrNonStringsIsHandled() {
        List<Object> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        withNull.add("other");
        assertRejected(token().audience(withNull).sign(), Reason.AUDIENCE);
        withNull.add("api");
        assertThat(validator.validate(token().audience(withNull).sign())).isNotNull();
        assertThatThrownBy(() -> validator.validate(token().audience(42).sign())).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void timeClaimsMustBeNumericDates() {
        assertRejected(token().claim("exp", String.valueOf(clock.instant().getEpochSecond() + 300)).sign(), Reason.CLAIMS);
        assertRejected(token().claim("exp", "2099-01-01T00:00:00Z").sign(), Reason.CLAIMS);
        assertRejected(token().claim("iat", "2099-01-01T00:00:00Z").sign(), Reason.CLAIMS);
        assertRejected(token().claim("nbf", true).sign(), Reason.CLAIMS);
        assertRejected(token().claim("exp", null).sign(), Reason.CLAIMS);
        assertThatThrownBy(() -> validator.validate(token().claim("exp", new java.math.BigInteger("123456789012345678901234567890")).sign()))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> validator.validate(token().claim("exp", 1e300).sign())).isInstanceOf(InvalidTokenException.class);
        assertThat(validator.validate(token().claim("exp", clock.instant().getEpochSecond() + 300.5).sign())).isNotNull();
    }

    @Test
    void aKeySourceThatThrowsIsAServerProblem() {
        JwtValidator broken = validator().keySource((kid, alg) -> {
            throw new IllegalStateException("vault unreachable");
        }).build();
        assertThatThrownBy(() -> broken.validate(token().sign())).isInstanceOf(AuthorizationServerException.class);
    }

    @Test
    void anyOfSeveralConfiguredAudiencesIsAccepted() {
        JwtValidator two = validator().audience("api", "api2").build();
        assertThat(two.validate(token().audience("api2").sign())).isNotNull();
    }

    @Test
    void senderConstrainedTokenIsRejected() {
        // validate(String) has no request, so no proof: a bound token is refused (a certificate binding always)
        assertRejected(token().claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")).sign(), Reason.DPOP_BINDING);
        assertRejected(token().claim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")).sign(), Reason.DPOP_BINDING);
    }

    // --- scopes, roles, principal

    @Test
    void scopesComeFromScopeStringAndScpArray() {
        TokenPrincipal p = validator.validate(token().scope("read  write").claim("scp", List.of("admin")).sign());
        assertThat(p.scopes()).containsExactly("read", "write", "admin");
        assertThat(p.scope()).isEqualTo("read write admin");
    }

    @Test
    void scopeAsArrayIsAccepted() {
        assertThat(validator.validate(token().scope(null).claim("scope", List.of("a", "b")).sign()).scopes()).containsExactly("a", "b");
    }

    @Test
    void scopeOfAnotherTypeIsRejected() {
        assertRejected(token().claim("scope", 42).sign(), Reason.CLAIMS);
        assertRejected(token().claim("scp", List.of("a", 1)).sign(), Reason.CLAIMS);
    }

    @Test
    void scopeClaimNamesAreConfigurable() {
        JwtValidator custom = validator().scopeClaims("permissions").build();
        TokenPrincipal p = custom.validate(token().claim("permissions", List.of("read:data")).sign());
        assertThat(p.scopes()).containsExactly("read:data");
    }

    @Test
    void rolesComeFromANestedPath() {
        Map<String, Object> realmAccess = new LinkedHashMap<>();
        realmAccess.put("roles", List.of("admin", "user"));
        TokenPrincipal p = validator.validate(token().claim("realm_access", realmAccess).sign());
        assertThat(p.roles()).containsExactly("admin", "user");
        assertThat(validator.validate(token().sign()).roles()).isEmpty();
    }

    @Test
    void principalCarriesTheVerifiedClaims() {
        TokenPrincipal p = validator.validate(token().subject("alice").claim("role", "dev").sign());
        assertThat(p.getName()).isEqualTo("alice");
        assertThat(p.issuer()).isEqualTo(ISSUER);
        assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(p.claim("role", String.class)).contains("dev");
        assertThat(p.claim("exp", Long.class)).contains(clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(p.claims()).containsEntry("client_id", "test-client");
    }

    @Test
    void clientCredentialsTokenIsNamedByClientId() {
        assertThat(validator.validate(token().without("sub").sign()).getName()).isEqualTo("test-client");
    }

    // --- configuration

    @Test
    void buildNamesTheMissingSetting() {
        assertThatThrownBy(() -> JwtValidator.builder().audience("api").build()).hasMessageContaining("issuer is required");
        assertThatThrownBy(() -> JwtValidator.builder().issuer(ISSUER).build()).hasMessageContaining("audience is required");
        assertThatThrownBy(() -> validator().algorithms("HS256").build()).hasMessageContaining("HS256");
        assertThatThrownBy(() -> validator().algorithms("none").build()).hasMessageContaining("none");
        assertThatThrownBy(() -> validator().clockSkew(Duration.ofHours(1)).build()).hasMessageContaining("clockSkew");
    }

    @Test
    void plainHttpIsRefusedExceptForLoopback() {
        assertThatThrownBy(() -> JwtValidator.builder().issuer("http://as.example.com").audience("api").build())
                .hasMessageContaining("https");
        assertThatThrownBy(() -> JwtValidator.builder().issuer(ISSUER).audience("api").jwksUri(java.net.URI.create("http://10.0.0.1/jwks")).build())
                .hasMessageContaining("https");
        assertThatThrownBy(() -> JwtValidator.builder().issuer("http://cafe.de").audience("api").build())
                .as("a host name made of hex digits is no IP literal").hasMessageContaining("https");
        assertThatThrownBy(() -> JwtValidator.builder().issuer("http://127.0.0.1.nip.io").audience("api").build())
                .hasMessageContaining("https");
        assertThat(JwtValidator.builder().issuer("http://127.0.0.1:8080").audience("api").build()).isNotNull();
        assertThat(JwtValidator.builder().issuer("http://[::1]:8080").audience("api").build()).isNotNull();
    }

    @Test
    void aRefreshIntervalUnderOneSecondIsRefused() {
        assertThatThrownBy(() -> validator().jwksRefreshInterval(Duration.ZERO).build())
                .hasMessageContaining("jwksRefreshInterval must be at least 1 second");
    }
}
