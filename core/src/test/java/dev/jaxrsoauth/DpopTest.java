package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import dev.jaxrsoauth.testing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DPoP (RFC 9449) through the validators' request seam: the proof, the binding, nonces, replay. Time moves by hand. */
class DpopTest {

    private static final URI URL = URI.create("https://api.example.com/api/data");

    private final MutableClock clock = MutableClock.now();
    private final MockAuthorizationServer as = MockAuthorizationServer.builder().clock(clock).start();
    private final SigningKey client = SigningKey.generate("client", "ES256");

    @AfterEach
    void stop() {
        as.close();
    }

    private JwtValidator.Builder validator() {
        return JwtValidator.builder().issuer(as.issuer()).audience("api").clock(clock);
    }

    private String bound() {
        return as.token().dpopBound(client).expiresAt(clock.instant().plus(Duration.ofHours(1))).sign();
    }

    private DpopProof proof(String token) {
        return as.dpopProof(client, "GET", URL).accessToken(token);
    }

    private static TokenRequest dpop(String token, String... proofs) {
        return TokenRequest.builder(TokenRequest.Scheme.DPOP, token).method("GET").uri(URL)
                .headers(name -> name.equalsIgnoreCase("DPoP") ? List.of(proofs) : null).build();
    }

    private static void assertRefused(TokenValidator validator, TokenRequest request, Reason reason) {
        assertThatThrownBy(() -> validator.validate(request)).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).as(e.detail()).isEqualTo(reason));
    }

    @Test
    void aBoundTokenWithAValidProofIsAccepted() {
        String token = bound();
        TokenPrincipal caller = validator().build().validate(dpop(token, proof(token).sign()));
        assertThat(caller.claim("cnf", Map.class)).isPresent();
    }

    @Test
    void aBoundTokenIsRefusedWithoutAProofAsBearerAndThroughValidateString() {
        JwtValidator validator = validator().build();
        String token = bound();
        assertRefused(validator, dpop(token), Reason.DPOP_PROOF);
        assertRefused(validator, TokenRequest.bearer(token), Reason.DPOP_BINDING);
        assertThatThrownBy(() -> validator.validate(token)).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.DPOP_BINDING));
    }

    @Test
    void anUnboundTokenSentWithDpopIsRefused() {
        String token = as.token().sign();
        assertRefused(validator().build(), dpop(token, proof(token).sign()), Reason.DPOP_BINDING);
    }

    @Test
    void aProofByAnotherKeyThanCnfJktIsRefused() {
        String token = bound();
        SigningKey other = SigningKey.generate("other", "ES256");
        String proof = as.dpopProof(other, "GET", URL).accessToken(token).sign();
        assertRefused(validator().build(), dpop(token, proof), Reason.DPOP_BINDING);
    }

    @Test
    void aCertificateBindingIsRefusedUntilSupported() {
        String token = as.token().claim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")).sign();
        assertRefused(validator().build(), dpop(token, proof(token).sign()), Reason.DPOP_BINDING);
    }

    @Test
    void aProofIsAcceptedOnceEvenForACachedToken() {
        JwtValidator validator = validator().build();
        String token = bound();
        String proof = proof(token).sign();
        validator.validate(dpop(token, proof));
        assertRefused(validator, dpop(token, proof), Reason.DPOP_PROOF);
        // a cache hit still needs a fresh proof, and a valid one passes
        assertThat(validator.cachedTokens()).isOne();
        assertRefused(validator, dpop(token), Reason.DPOP_PROOF);
        assertThat(validator.validate(dpop(token, proof(token).sign()))).isNotNull();
    }

    /** Each breaks one thing of a valid proof. */
    static List<Object[]> brokenProofs() {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"htm of another method", (Function<DpopProof, DpopProof>) p -> p.claim("htm", "POST")});
        cases.add(new Object[] {"htu of another path", (Function<DpopProof, DpopProof>) p -> p.claim("htu", "https://api.example.com/api/admin")});
        cases.add(new Object[] {"htu of another host", (Function<DpopProof, DpopProof>) p -> p.claim("htu", "https://evil.example.com/api/data")});
        cases.add(new Object[] {"htu relative", (Function<DpopProof, DpopProof>) p -> p.claim("htu", "/api/data")});
        cases.add(new Object[] {"htu a number", (Function<DpopProof, DpopProof>) p -> p.claim("htu", 7)});
        cases.add(new Object[] {"iat three minutes old", (Function<DpopProof, DpopProof>) p -> p.claim("iat", Instant().getEpochSecond() - 300)});
        cases.add(new Object[] {"iat in the future", (Function<DpopProof, DpopProof>) p -> p.claim("iat", Instant().getEpochSecond() + 300)});
        cases.add(new Object[] {"iat a string", (Function<DpopProof, DpopProof>) p -> p.claim("iat", String.valueOf(Instant().getEpochSecond()))});
        cases.add(new Object[] {"jti missing", (Function<DpopProof, DpopProof>) p -> p.without("jti")});
        cases.add(new Object[] {"jti a number", (Function<DpopProof, DpopProof>) p -> p.claim("jti", 42)});
        cases.add(new Object[] {"jti of 300 characters", (Function<DpopProof, DpopProof>) p -> p.jti("j".repeat(300))});
        cases.add(new Object[] {"ath of another token", (Function<DpopProof, DpopProof>) p -> p.accessToken("another-token")});
        cases.add(new Object[] {"ath missing", (Function<DpopProof, DpopProof>) p -> p.without("ath")});
        cases.add(new Object[] {"typ JWT", (Function<DpopProof, DpopProof>) p -> p.header("typ", "JWT")});
        cases.add(new Object[] {"typ at+jwt (an access token as proof)", (Function<DpopProof, DpopProof>) p -> p.header("typ", "at+jwt")});
        cases.add(new Object[] {"typ missing", (Function<DpopProof, DpopProof>) p -> p.withoutHeader("typ")});
        cases.add(new Object[] {"jwk missing", (Function<DpopProof, DpopProof>) p -> p.withoutHeader("jwk")});
        cases.add(new Object[] {"jwk a string", (Function<DpopProof, DpopProof>) p -> p.header("jwk", "key")});
        cases.add(new Object[] {"jwk with a private member", (Function<DpopProof, DpopProof>) p -> p.header("jwk",
                withMember(DpopProofKeys.publicJwk(), "d", "AAAA"))});
        cases.add(new Object[] {"jwk of a symmetric key", (Function<DpopProof, DpopProof>) p -> p.header("jwk", Map.of("kty", "oct", "k", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"))});
        cases.add(new Object[] {"alg none", (Function<DpopProof, DpopProof>) p -> p.header("alg", "none")});
        cases.add(new Object[] {"alg HS256", (Function<DpopProof, DpopProof>) p -> p.header("alg", "HS256")});
        cases.add(new Object[] {"alg ES384 for a P-256 key", (Function<DpopProof, DpopProof>) p -> p.header("alg", "ES384")});
        return cases;
    }

    private static java.time.Instant Instant() {
        return java.time.Instant.now();
    }

    private static Map<String, Object> withMember(Map<String, Object> jwk, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(jwk);
        copy.put(name, value);
        return copy;
    }

    /** The client key of {@link #brokenProofs}, fixed so the cases can name its JWK before a test instance exists. */
    static final class DpopProofKeys {
        static final SigningKey KEY = SigningKey.generate("client", "ES256");

        static Map<String, Object> publicJwk() {
            return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
                    io.jsonwebtoken.security.Jwks.builder().key(KEY.publicKey()).build(), Map.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("brokenProofs")
    void aBrokenProofIsRefusedAsAnInvalidProof(String name, Function<DpopProof, DpopProof> breakIt) {
        clock.set(java.time.Instant.ofEpochSecond(java.time.Instant.now().getEpochSecond()));
        String token = as.token().dpopBound(DpopProofKeys.KEY).sign();
        DpopProof proof = as.dpopProof(DpopProofKeys.KEY, "GET", URL).accessToken(token);
        assertRefused(validator().build(), dpop(token, breakIt.apply(proof).sign()), Reason.DPOP_PROOF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jws", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30.AAAA", "", "a.b"})
    void garbageInTheDpopHeaderIsAnInvalidProof(String garbage) {
        String token = bound();
        assertRefused(validator().build(), dpop(token, garbage), Reason.DPOP_PROOF);
    }

    @Test
    void twoDpopHeadersAndAHugeOneAreInvalidProofs() {
        String token = bound();
        assertRefused(validator().build(), dpop(token, proof(token).sign(), proof(token).sign()), Reason.DPOP_PROOF);
        assertRefused(validator().build(), dpop(token, "A".repeat(DpopBinding.MAX_PROOF_LENGTH + 1)), Reason.DPOP_PROOF);
    }

    @Test
    void htuIgnoresQueryFragmentCaseAndDefaultPort() {
        JwtValidator validator = validator().build();
        for (String htu : List.of("https://API.example.com/api/data", "HTTPS://api.example.com:443/api/data",
                "https://api.example.com/api/./data", "https://api.example.com/api/%64ata")) {
            String token = bound();
            String proof = proof(token).claim("htu", htu).sign();
            TokenRequest request = TokenRequest.builder(TokenRequest.Scheme.DPOP, token).method("GET")
                    .uri(URI.create("https://api.example.com/api/data?x=1#f")).headers(name -> List.of(proof)).build();
            assertThat(validator.validate(request)).as(htu).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "EdDSA", "RS256", "PS256"})
    void everyDefaultProofAlgorithmVerifies(String algorithm) {
        SigningKey key = SigningKey.generate("k", algorithm);
        String token = as.token().dpopBound(key).sign();
        String proof = as.dpopProof(key, "GET", URL).accessToken(token).sign();
        assertThat(validator().build().validate(dpop(token, proof))).isNotNull();
    }

    @Test
    void ed25519IsAcceptedAsRfc9864NamesIt() {
        SigningKey key = SigningKey.generate("k", "EdDSA");
        String token = as.token().dpopBound(key).sign();
        String proof = as.dpopProof(key, "GET", URL).accessToken(token).header("alg", "Ed25519").sign();
        assertThat(validator().build().validate(dpop(token, proof))).isNotNull();
    }

    @Test
    void policyOffTreatsDpopAsAnotherSchemeAndRequiredRefusesBearer() {
        String token = bound();
        assertRefused(validator().dpop(DpopPolicy.OFF).build(), dpop(token, proof(token).sign()), Reason.MISSING);
        assertRefused(validator().dpop(DpopPolicy.OFF).build(), TokenRequest.bearer(token), Reason.DPOP_BINDING);
        assertRefused(validator().dpop(DpopPolicy.REQUIRED).build(), TokenRequest.bearer(as.token().sign()), Reason.DPOP_REQUIRED);
        assertThat(validator().dpop(DpopPolicy.REQUIRED).build().validate(dpop(token, proof(token).sign()))).isNotNull();
    }

    @Test
    void noncesAreRequiredWhenOnAndEveryInstanceSharingTheSecretAcceptsThem() {
        byte[] secret = "a shared secret of at least thirty-two bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JwtValidator first = validator().dpopNonces(true).dpopNonceSecret(secret).build();
        JwtValidator second = validator().dpopNonces(true).dpopNonceSecret(secret).build();
        String token = bound();
        InvalidTokenException refusal = org.junit.jupiter.api.Assertions.assertThrows(InvalidTokenException.class,
                () -> first.validate(dpop(token, proof(token).sign())));
        assertThat(refusal.reason()).isEqualTo(Reason.DPOP_NONCE);
        assertThat(refusal.errorCode()).isEqualTo("use_dpop_nonce");
        String nonce = refusal.dpopNonce().orElseThrow();
        assertThat(second.validate(dpop(token, proof(token).nonce(nonce).sign()))).isNotNull();
        // the previous window's nonce still passes; two windows later it does not
        clock.advance(Duration.ofMinutes(5));
        assertThat(first.validate(dpop(token, proof(token).nonce(nonce).sign()))).isNotNull();
        clock.advance(Duration.ofMinutes(5));
        assertRefused(first, dpop(token, proof(token).nonce(nonce).sign()), Reason.DPOP_NONCE);
        assertRefused(validator().dpopNonces(true).dpopNonceSecret("another secret of at least thirty-two bytes"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).build(), dpop(token, proof(token).nonce(nonce).sign()), Reason.DPOP_NONCE);
    }

    @Test
    void theSameProofSentEightTimesAtOnceSucceedsExactlyOnce() throws Exception {
        JwtValidator validator = validator().build();
        String token = bound();
        validator.validate(dpop(token, proof(token).sign()));
        String proof = proof(token).sign();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        validator.validate(dpop(token, proof));
                        return true;
                    } catch (InvalidTokenException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(accepted).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void introspectionAnswersWithCnfJktNeedTheProofToo() {
        IntrospectionValidator introspection = IntrospectionValidator.builder().introspectionEndpoint(as.introspectionUri())
                .clientId(IntrospectionEndpoint.CLIENT_ID).clientSecret(IntrospectionEndpoint.CLIENT_SECRET)
                .issuer(as.issuer()).audience("api").clock(clock).build();
        String token = as.introspection().issue(Map.of("cnf", Map.of("jkt", DpopProof.thumbprint(client))));
        assertThat(introspection.validate(dpop(token, proof(token).sign()))).isNotNull();
        assertRefused(introspection, TokenRequest.bearer(token), Reason.DPOP_BINDING);
        assertRefused(introspection, dpop(token), Reason.DPOP_PROOF);
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> validator().dpop(DpopPolicy.APPLICATION).build()).hasMessageContaining("dpop must be");
        assertThatThrownBy(() -> validator().dpopAlgorithms("HS256").build()).hasMessageContaining("dpopAlgorithms must be asymmetric");
        assertThatThrownBy(() -> validator().dpopNonceSecret(new byte[8]).build()).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> validator().dpopProofLifetime(Duration.ofHours(2)).build()).hasMessageContaining("dpopProofLifetime");
    }

    @Test
    void severalIssuersMustAgreeOnDpopSoThatOneNonceAndOneChallengeServeThemAll() {
        JwtValidator.Builder other = JwtValidator.builder().issuer("https://b.example.com").audience("api")
                .jwksUri(URI.create("https://b.example.com/jwks")).clock(clock);
        assertThatThrownBy(() -> MultiIssuerValidator.builder().add(validator().build())
                .add(other.dpop(DpopPolicy.REQUIRED).build()).build()).hasMessageContaining("DPoP settings of https://b.example.com");
        assertThatThrownBy(() -> MultiIssuerValidator.builder().add(validator().dpopNonces(true).build())
                .add(other.dpop(DpopPolicy.ALLOWED).dpopNonces(true).dpopNonceSecret(new byte[32]).build()).build())
                .hasMessageContaining("nonce secret");
        // nonces with the process's secret on both: one nonce serves either issuer
        MultiIssuerValidator both = MultiIssuerValidator.builder().add(validator().dpopNonces(true).build())
                .add(JwtValidator.builder().issuer("https://b.example.com").audience("api")
                        .jwksUri(URI.create("https://b.example.com/jwks")).clock(clock).dpopNonces(true).build()).build();
        String token = bound();
        InvalidTokenException refusal = (InvalidTokenException) org.assertj.core.api.Assertions.catchThrowable(
                () -> both.validate(dpop(token, proof(token).sign())));
        assertThat(refusal.reason()).isEqualTo(Reason.DPOP_NONCE);
        String nonce = refusal.dpopNonce().orElseThrow();
        assertThat(both.validate(dpop(token, proof(token).nonce(nonce).sign()))).isNotNull();
    }

    @Test
    void aProofIsRememberedPastTheLastInstantItsIatIsAccepted() {
        clock.set(java.time.Instant.ofEpochSecond(clock.instant().getEpochSecond()));
        JwtValidator validator = validator().build();
        String token = bound();
        // iat a minute ahead (the skew allows it): accepted from now until iat + lifetime + skew = now + 4 min
        String proof = proof(token).issuedAt(clock.instant().plusSeconds(60)).sign();
        assertThat(validator.validate(dpop(token, proof))).isNotNull();
        for (Duration later : List.of(Duration.ofMinutes(4).minusMillis(1), Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1))) {
            clock.advance(later);
            assertRefused(validator, dpop(token, proof), Reason.DPOP_PROOF);
        }
    }

    @Test
    void aCertificateBindingBesideJktIsNotIgnored() {
        String token = as.token().claim("cnf", Map.of("jkt", DpopProof.thumbprint(client), "x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"))
                .expiresAt(clock.instant().plus(Duration.ofHours(1))).sign();
        assertRefused(validator().build(), dpop(token, proof(token).sign()), Reason.DPOP_BINDING);
    }

    @Test
    void aNonceOfTheNextWindowIsAcceptedForInstancesWhoseClocksRunAhead() {
        MutableClock ahead = MutableClock.at(clock.instant().plusSeconds(1));
        JwtValidator here = validator().dpopNonces(true).build();
        String token = bound();
        // the window's edge: the instance ahead is in the next window already
        long window = Duration.ofMinutes(5).toMillis();
        clock.set(java.time.Instant.ofEpochMilli((clock.millis() / window + 1) * window - 500));
        ahead.set(clock.instant().plusSeconds(1));
        String nextNonce = new DpopNonces(null, Duration.ofMinutes(5), ahead).current();
        assertThat(here.validate(dpop(token, proof(token).nonce(nextNonce).sign()))).isNotNull();
        // two windows ahead is not a clock difference
        ahead.set(clock.instant().plus(Duration.ofMinutes(6)));
        String farNonce = new DpopNonces(null, Duration.ofMinutes(5), ahead).current();
        assertRefused(here, dpop(token, proof(token).nonce(farNonce).sign()), Reason.DPOP_NONCE);
    }

    @Test
    void aJtiIsComparedAsTheTextItIsNotAsAscii() {
        JwtValidator validator = validator().build();
        String token = bound();
        assertThat(validator.validate(dpop(token, proof(token).jti("\u00e9").sign()))).isNotNull();
        assertThat(validator.validate(dpop(token, proof(token).jti("\u00fc").sign()))).isNotNull();
    }

    @Test
    void aResourcePolicyThatContradictsTheApplicationsIsRefusedAtDeployment() {
        DpopBinding required = validator().dpop(DpopPolicy.REQUIRED).build().dpop();
        DpopBinding off = validator().dpop(DpopPolicy.OFF).build().dpop();
        DpopBinding allowed = validator().build().dpop();
        Requirement wantsOff = new Requirement("R.get", java.util.Set.of(), null, false, DpopPolicy.OFF);
        Requirement wantsRequired = new Requirement("R.get", java.util.Set.of(), null, false, DpopPolicy.REQUIRED);
        assertThatThrownBy(() -> AuthorizationFeature.refuseImpossibleDpopPolicy(wantsOff, required))
                .hasMessageContaining("@Secured(dpop = OFF) on R.get contradicts the application's DPoP policy REQUIRED");
        assertThatThrownBy(() -> AuthorizationFeature.refuseImpossibleDpopPolicy(wantsRequired, off))
                .hasMessageContaining("contradicts the application's DPoP policy OFF");
        assertThatThrownBy(() -> AuthorizationFeature.refuseImpossibleDpopPolicy(wantsRequired, null))
                .hasMessageContaining("needs a validator of this library");
        AuthorizationFeature.refuseImpossibleDpopPolicy(wantsOff, allowed);
        AuthorizationFeature.refuseImpossibleDpopPolicy(wantsRequired, allowed);
        AuthorizationFeature.refuseImpossibleDpopPolicy(wantsRequired, required);
    }

    @Test
    void aRequestNeverPrintsItsQuery() {
        TokenRequest request = TokenRequest.builder(TokenRequest.Scheme.BEARER, "secret-token").method("GET")
                .uri(URI.create("https://api.example.com/api/data?access_token=secret-token#x")).build();
        assertThat(request.toString()).isEqualTo("TokenRequest[BEARER GET https://api.example.com/api/data]");
    }
}
