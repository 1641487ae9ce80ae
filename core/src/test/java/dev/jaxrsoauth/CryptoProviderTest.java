package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cryptoProvider(..)} with each provider the build knows: the keys the JDK builds from a key set verify with it
 * for every algorithm (one it lacks falls back to the JDK's, never refusing a good token), it really is the one used,
 * a changed token is still refused, and DPoP proofs are verified with it too. (The hostile catalogue and the Wycheproof
 * vectors run once per provider in the build: core's POM, executions {@code provider-*}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CryptoProviderTest {

    private static final List<String> ALGORITHMS = List.of("RS256", "RS512", "PS256", "ES256", "ES384", "ES512", "EdDSA");
    private static final URI URL = URI.create("https://api.example.com/api/data");

    private MockAuthorizationServer as;

    @BeforeAll
    void start() {
        as = MockAuthorizationServer.start();
        for (String alg : ALGORITHMS) {
            as.jwks().addKey(SigningKey.generate("p-" + alg, alg));
        }
    }

    @AfterAll
    void stop() {
        as.close();
    }

    static Stream<String> providers() {
        return CryptoProviders.NAMES.stream();
    }

    private JwtValidator validator(CryptoProviders.Counting provider) {
        return JwtValidator.builder().issuer(as.issuer()).audience("api").tokenCacheSize(0).cryptoProvider(provider).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void aChangedTokenIsRefusedWithEveryAlgorithm(String name) {
        CryptoProviders.Counting provider = new CryptoProviders.Counting(CryptoProviders.load(name));
        JwtValidator validator = validator(provider);
        for (String alg : ALGORITHMS) {
            String token = as.token().signedWith(as.jwks().key("p-" + alg)).sign();
            String other = as.token().subject("someone-else").signedWith(as.jwks().key("p-" + alg)).sign();
            // this token's header and claims, the other token's signature: a valid signature, but not over this input
            String spliced = token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
            assertThatThrownBy(() -> validator.validate(spliced)).as(alg).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void everyAlgorithmVerifiesWithTheKeysTheJdkBuilt(String name) {
        CryptoProviders.Counting provider = new CryptoProviders.Counting(CryptoProviders.load(name));
        JwtValidator validator = validator(provider);
        for (String alg : ALGORITHMS) {
            int before = provider.signatures();
            TokenPrincipal caller = validator.validate(as.token().signedWith(as.jwks().key("p-" + alg)).sign());
            assertThat(caller.issuer()).as(alg).isEqualTo(as.issuer());
            if (alg.startsWith("ES")) {
                // ECDSA is in every one of them: it must have been verified there, not by the JDK
                assertThat(provider.signatures()).as(name + " verified " + alg).isGreaterThan(before);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void eachKeyBecomesTheProvidersOwnOnceNotPerToken(String name) {
        CryptoProviders.Counting provider = new CryptoProviders.Counting(CryptoProviders.load(name));
        JwtValidator validator = validator(provider);
        for (String alg : List.of("RS256", "ES256")) {
            int before = provider.keyFactories();
            for (int i = 0; i < 5; i++) {
                assertThat(validator.validate(as.token().subject("user-" + i).signedWith(as.jwks().key("p-" + alg)).sign()).getName())
                        .isEqualTo("user-" + i);
            }
            // a provider handed another provider's key object may convert it per verification: we hand it its own, made once
            assertThat(provider.keyFactories() - before).as(name + " " + alg).isEqualTo(1);
            java.security.PublicKey jdkKey = as.jwks().key("p-" + alg).publicKey();
            assertThat(JwsVerifier.translated(jdkKey, provider.delegate())).as(name + " " + alg + ": its own key object")
                    .isNotNull().isNotSameAs(jdkKey);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void theProvidersKeyObjectsServeManyThreadsAtOnce(String name) throws Exception {
        CryptoProviders.Counting provider = new CryptoProviders.Counting(CryptoProviders.load(name));
        JwtValidator validator = validator(provider);
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            tokens.add(as.token().subject("user-" + i).signedWith(as.jwks().key(i % 2 == 0 ? "p-RS256" : "p-ES256")).sign());
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> names = new java.util.ArrayList<>();
            for (String token : tokens) {
                names.add(threads.submit(() -> validator.validate(token).getName()));
            }
            for (int i = 0; i < tokens.size(); i++) {
                assertThat(names.get(i).get()).isEqualTo("user-" + i);
            }
        } finally {
            threads.shutdownNow();
        }
        String other = as.token().subject("someone-else").signedWith(as.jwks().key("p-ES256")).sign();
        String spliced = tokens.get(1).substring(0, tokens.get(1).lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
        assertThatThrownBy(() -> validator.validate(spliced)).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void dpopProofsAreVerifiedWithTheProviderToo(String name) {
        CryptoProviders.Counting provider = new CryptoProviders.Counting(CryptoProviders.load(name));
        JwtValidator validator = JwtValidator.builder().issuer(as.issuer()).audience("api").cryptoProvider(provider).build();
        SigningKey client = SigningKey.generate("client", "ES256");
        String token = as.token().dpopBound(client).sign();
        validator.validate(dpop(token, as.dpopProof(client, "GET", URL).accessToken(token).sign()));
        int afterFirst = provider.signatures();
        // the token now comes from the cache: only the new proof is verified, with the provider
        validator.validate(dpop(token, as.dpopProof(client, "GET", URL).accessToken(token).sign()));
        assertThat(provider.signatures()).isGreaterThan(afterFirst);
        String forged = as.dpopProof(client, "GET", URL).accessToken(token).sign();
        String tampered = forged.substring(0, forged.lastIndexOf('.') + 1) + "A" + forged.substring(forged.lastIndexOf('.') + 2);
        assertThatThrownBy(() -> validator.validate(dpop(token, tampered))).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isIn(Reason.DPOP_PROOF));
    }

    private static TokenRequest dpop(String token, String proof) {
        return TokenRequest.builder(TokenRequest.Scheme.DPOP, token).method("GET").uri(URL)
                .headers(header -> header.equalsIgnoreCase("DPoP") ? List.of(proof) : null).build();
    }
}
