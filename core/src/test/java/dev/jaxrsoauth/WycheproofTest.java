package dev.jaxrsoauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Google Wycheproof's JWS and JWK vectors through this library's own path: the published key set goes through
 * {@link JwkSet} (our key filtering), the token through {@link CompactJws} and the parser built by
 * {@link JwsVerifier} (our header policy, key lookup, jjwt's signature algorithms). Claims are not checked: the vectors' payloads are not JWTs.
 *
 * <p>Deliberate exceptions, where a vector expects acceptance and we reject (documented in the README):
 * HMAC ({@code oct}) keys are never used; a JWK must name a {@code kid}; a JWK with {@code key_ops} must say exactly
 * {@code ["verify"]}; a JWK that names its {@code alg} verifies only that algorithm, and one whose {@code alg} is no
 * JWS algorithm (RFC 7520's {@code ES521}) is ignored; an access token needs a payload, in UTF-8. Every vector that expects
 * rejection must be rejected.
 */
class WycheproofTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> TALLY = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

    private static JsonNode load(String name) throws IOException {
        try (InputStream in = WycheproofTest.class.getResourceAsStream("/wycheproof/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** What a JWKS endpoint would publish for the group's key: its public members only. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> published(JsonNode jwk) {
        Map<String, Object> key = JSON.convertValue(jwk, Map.class);
        if (!"oct".equals(key.get("kty"))) {
            key.keySet().removeAll(PRIVATE_MEMBERS);
        }
        return key;
    }

    /** The provider of this run ({@link CryptoProviders#PROPERTY}); {@code null}: the JDK's. */
    private static final CryptoProviders.Counting PROVIDER = CryptoProviders.selected();

    private static final HeaderPolicy POLICY = new HeaderPolicy(Algorithms.ASYMMETRIC, Set.of("at+jwt", "jwt"), false);

    /** @return {@code accepted}, or the {@link InvalidTokenException.Reason} of the check that refused the vector */
    private static String outcome(Map<String, Object> jwks, String token) {
        JwkSet keys = JwkSet.parse(jwks, Algorithms.ASYMMETRIC);
        try {
            new JwsVerifier(keys::find, PROVIDER).verifySignature(CompactJws.parse(token, 100_000, POLICY));
            return "accepted";
        } catch (InvalidTokenException e) {
            return e.reason().name();
        }
        // anything else escaping here would be a 500 in production: the test fails loudly
    }

    /** Why we reject a vector that Wycheproof marks valid, or null when we must agree. */
    private static String deliberateException(Map<String, Object> jwks, String token) throws IOException {
        String[] parts = token.split("\\.", -1);
        if (parts.length == 3 && parts[1].isEmpty()) {
            return "an access token needs a payload";
        }
        if (parts.length == 3) {
            try {
                java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(java.util.Base64.getUrlDecoder().decode(parts[1])));
            } catch (java.nio.charset.CharacterCodingException | IllegalArgumentException e) {
                return "an access token's payload must be UTF-8";
            }
        }
        String alg;
        try {
            alg = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[0])).path("alg").asText();
        } catch (IllegalArgumentException e) {
            alg = null;
        }
        for (Object element : (List<?>) jwks.get("keys")) {
            Map<?, ?> key = (Map<?, ?>) element;
            if ("oct".equals(key.get("kty"))) {
                return "HMAC keys are never used";
            }
            if (!(key.get("kid") instanceof String)) {
                return "a JWK without kid is ignored";
            }
            if (key.containsKey("key_ops") && !List.of("verify").equals(key.get("key_ops"))) {
                return "key_ops must be exactly [verify]";
            }
            if (key.get("alg") instanceof String keyAlg && !Algorithms.ASYMMETRIC.contains(keyAlg)) {
                return "a JWK whose alg is no JWS algorithm is ignored";
            }
            if (key.get("alg") instanceof String keyAlg && alg != null && !keyAlg.equals(alg)) {
                return "a JWK verifies only its own alg";
            }
        }
        return alg == null ? "the compact form must be strict base64url" : null;
    }

    private static Stream<DynamicTest> vectors(String file, boolean keySets) throws IOException {
        JsonNode root = load(file);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode group : root.path("testGroups")) {
            Map<String, Object> jwks;
            if (keySets) {
                JsonNode set = group.has("public") ? group.path("public") : group.path("private");
                jwks = new HashMap<>();
                List<Object> keys = new ArrayList<>();
                set.path("keys").forEach(k -> keys.add(published(k)));
                jwks.put("keys", keys);
            } else {
                JsonNode key = group.has("public") ? group.path("public") : group.path("private");
                jwks = Map.of("keys", List.of(published(key)));
            }
            for (JsonNode test : group.path("tests")) {
                String name = file.replace("_test.json", "") + " #" + test.path("tcId").asInt() + " " + test.path("comment").asText()
                        + " " + test.path("flags");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    String result = test.path("result").asText();
                    String outcome = test.path("jws").isTextual() ? outcome(jwks, test.path("jws").asText()) : "not a compact JWS";
                    boolean accepted = outcome.equals("accepted");
                    if (result.equals("invalid")) {
                        assertThat(accepted).as("must reject").isFalse();
                        TALLY.merge("invalid, rejected: " + outcome, 1, Integer::sum);
                    } else if (result.equals("valid")) {
                        String exception = accepted ? null : deliberateException(jwks, test.path("jws").asText());
                        TALLY.merge(accepted ? "valid, accepted" : "valid, rejected on purpose (" + outcome + "): " + exception, 1, Integer::sum);
                        assertThat(accepted).as(exception == null ? "must accept" : "rejects on purpose: " + exception)
                                .isEqualTo(exception == null);
                    }
                }));
            }
        }
        assertThat(tests).hasSize(root.path("numberOfTests").asInt());
        return tests.stream();
    }

    /** Every vector lands where it did when the README's tally was written: one that moves fails the build. */
    private static final Map<String, Integer> EXPECTED = Map.ofEntries(
            Map.entry("invalid, rejected: SIGNATURE", 291),
            Map.entry("invalid, rejected: MALFORMED", 49),
            Map.entry("invalid, rejected: ALGORITHM", 22),
            Map.entry("invalid, rejected: UNKNOWN_KEY", 14),
            Map.entry("valid, accepted", 21),
            Map.entry("valid, rejected on purpose (ALGORITHM): HMAC keys are never used", 12),
            Map.entry("valid, rejected on purpose (MALFORMED): HMAC keys are never used", 1),
            Map.entry("valid, rejected on purpose (MALFORMED): an access token needs a payload", 6),
            Map.entry("valid, rejected on purpose (MALFORMED): an access token's payload must be UTF-8", 7),
            Map.entry("valid, rejected on purpose (ALGORITHM): a JWK verifies only its own alg", 2),
            Map.entry("valid, rejected on purpose (UNKNOWN_KEY): a JWK whose alg is no JWS algorithm is ignored", 2));

    @org.junit.jupiter.api.AfterAll
    static void summary() {
        System.out.println("Wycheproof vectors" + (PROVIDER == null ? "" : " (" + PROVIDER.delegate().getName() + ")") + ": " + TALLY);
        assertThat(TALLY).isEqualTo(EXPECTED);
        if (PROVIDER != null) {
            assertThat(PROVIDER.signatures()).as(PROVIDER.getName()).isPositive();
            assertThat(JwsVerifier.fallbacks(PROVIDER)).as(PROVIDER.getName()).allMatch(kind -> CryptoProviders.expectedFallback(PROVIDER, kind));
        }
    }

    @TestFactory
    Stream<DynamicTest> jsonWebSignatureVectors() throws IOException {
        return vectors("json_web_signature_test.json", false);
    }

    @TestFactory
    Stream<DynamicTest> jsonWebKeyVectors() throws IOException {
        return vectors("json_web_key_test.json", true);
    }
}
