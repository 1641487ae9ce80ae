package dev.jaxrsoauth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaxrsoauth.testing.SigningKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which JWKs become verification keys, and for which algorithms. */
class JwkSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SigningKey RSA = SigningKey.generate("rsa-1", "RS256");
    private static final SigningKey EC = SigningKey.generate("ec-1", "ES256");
    private static final SigningKey ED = SigningKey.generate("ed-1", "EdDSA");

    private static Map<String, Object> jwk(SigningKey key) {
        try {
            return JSON.readValue(key.publicJwkJson(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwkSet set(Map<?, ?>... keys) {
        return JwkSet.parse(Map.of("keys", new ArrayList<>(List.of(keys))), Algorithms.ASYMMETRIC);
    }

    @Test
    void publicSigningKeysOfEveryTypeAreKept() {
        JwkSet set = set(jwk(RSA), jwk(EC), jwk(ED));
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.find("rsa-1", "RS256")).contains(RSA.publicKey());
        assertThat(set.find("ec-1", "ES256")).contains(EC.publicKey());
        assertThat(set.find("ed-1", "EdDSA")).contains(ED.publicKey());
    }

    /** A published key asked for another algorithm: refused as the algorithm's fault, not as an unknown key. */
    private static void assertNotForThisAlgorithm(org.assertj.core.api.ThrowableAssert.ThrowingCallable lookup) {
        org.assertj.core.api.Assertions.assertThatThrownBy(lookup).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.ALGORITHM));
    }

    @Test
    void aKeyVerifiesOnlyItsOwnAlgorithm() {
        JwkSet set = set(jwk(RSA));
        assertNotForThisAlgorithm(() -> set.find("rsa-1", "PS256"));
        assertNotForThisAlgorithm(() -> set.find("rsa-1", "RS512"));
        assertNotForThisAlgorithm(() -> set.find("rsa-1", "ES256"));
    }

    @Test
    void aKeyWithoutAlgVerifiesAlgorithmsThatFitItsType() {
        Map<String, Object> rsa = jwk(RSA);
        rsa.remove("alg");
        JwkSet set = set(rsa);
        assertThat(set.find("rsa-1", "PS256")).contains(RSA.publicKey());
        assertNotForThisAlgorithm(() -> set.find("rsa-1", "ES256"));
        Map<String, Object> ec = jwk(EC);
        ec.remove("alg");
        assertNotForThisAlgorithm(() -> set(ec).find("ec-1", "ES384"));
    }

    @Test
    void encryptionKeysAreIgnored() {
        Map<String, Object> enc = jwk(RSA);
        enc.put("use", "enc");
        assertThat(set(enc).size()).isZero();
        Map<String, Object> ops = jwk(RSA);
        ops.remove("use");
        ops.put("key_ops", List.of("verify", "encrypt"));
        assertThat(set(ops).size()).isZero();
        ops.put("key_ops", List.of("verify"));
        assertThat(set(ops).size()).isOne();
    }

    @Test
    void symmetricAndPrivateKeysAreNeverUsed() {
        Map<String, Object> oct = new LinkedHashMap<>(Map.of("kty", "oct", "kid", "hmac", "k",
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32])));
        Map<String, Object> withPrivate = jwk(RSA);
        withPrivate.put("d", "AQAB");
        assertThat(set(oct, withPrivate).size()).isZero();
    }

    @Test
    void keysWithoutKidOrWithADuplicateKidAreIgnored() {
        Map<String, Object> noKid = jwk(RSA);
        noKid.remove("kid");
        assertThat(set(noKid).size()).isZero();
        Map<String, Object> twin = jwk(SigningKey.generate("rsa-1", "RS256"));
        assertThat(set(jwk(RSA), twin, jwk(EC)).size()).isOne();
    }

    @Test
    void theSameKeyUnderTwoKidsIsUsableUnderBoth() {
        Map<String, Object> second = jwk(RSA);
        second.put("kid", "rsa-1-alias");
        JwkSet set = set(jwk(RSA), second);
        assertThat(set.find("rsa-1", "RS256")).contains(RSA.publicKey());
        assertThat(set.find("rsa-1-alias", "RS256")).contains(RSA.publicKey());
    }

    @Test
    void weakRsaKeysAreRefused() {
        assertThat(set(jwk(SigningKey.generate("weak", "RS256", 1024))).size()).isZero();
    }

    @Test
    void algorithmsOutsideTheAcceptedSetAreRefused() {
        Map<String, Object> hs = jwk(RSA);
        hs.put("alg", "HS256");
        assertThat(set(hs).size()).isZero();
        JwkSet ecOnly = JwkSet.parse(Map.of("keys", List.of(jwk(RSA))), java.util.Set.of("ES256"));
        assertThat(ecOnly.size()).isZero();
    }

    @Test
    void invalidElementsAreSkippedNotFatal() {
        Map<String, Object> broken = jwk(EC);
        broken.put("x", "AAAA");
        JwkSet set = JwkSet.parse(Map.of("keys", List.of("not an object", 42, broken, jwk(RSA))), Algorithms.ASYMMETRIC);
        assertThat(set.size()).isOne();
    }

    @Test
    void documentWithoutKeysArrayIsInvalid() {
        assertThatThrownBy(() -> JwkSet.parse(Map.of("keys", "x"), Algorithms.ASYMMETRIC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenWithoutKidUsesTheOnlyFittingKey() {
        assertThat(set(jwk(RSA), jwk(EC)).find(null, "ES256")).contains(EC.publicKey());
        assertThat(set(jwk(RSA), jwk(SigningKey.generate("rsa-2", "RS256"))).find(null, "RS256")).isEmpty();
    }
}
