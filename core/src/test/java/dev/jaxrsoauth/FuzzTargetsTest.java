package dev.jaxrsoauth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.TokenBuilder;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.net.URI;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * Coverage-guided fuzz targets (Jazzer). In {@code mvn -B verify} they run the regression inputs under
 * {@code src/test/resources/dev/jaxrsoauth/FuzzTargetsTestInputs/<method>/}; with {@code JAZZER_FUZZ=1} they fuzz
 * (see README). Invariant: the only outcomes are a result or one of this library's exceptions, within a time bound,
 * and a token that is accepted is one the key really signed, for this issuer and audience, not expired.
 *
 * <p>The signing key is fixed ({@code fuzz-rsa-1.pem}, a test key) so that seed tokens carry valid signatures and
 * reach the signature check and the claim rules; {@link #seedsReachTheChecksTheyAreNamedFor} proves they do.
 */
class FuzzTargetsTest {

    private static final String ISSUER = "https://as.example.com";
    private static final PrivateKey PRIVATE = privateKey();
    private static final PublicKey PUBLIC = publicKey(PRIVATE);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final JwtValidator VALIDATOR = JwtValidator.builder().issuer(ISSUER).audience("api").clock(CLOCK)
            .roleClaims("realm_access.roles", "resource_access.\"my.api\".roles")
            .keySource((kid, alg) -> "rsa-1".equals(kid) && "RS256".equals(alg) ? Optional.of(PUBLIC) : Optional.empty())
            .build();
    private static final Duration BOUND = Duration.ofSeconds(5);

    /** The DPoP client's fixed key ({@code fuzz-dpop-client.jwk}, a test key), and a token bound to it. */
    private static final KeyPair CLIENT = clientKey();
    private static final String CLIENT_JKT = Jwks.builder().key(CLIENT.getPublic()).build().thumbprint().toString();
    private static final URI DPOP_URL = URI.create("https://api.example.com/api/data");
    /** Remembers no proof, so that fuzzing explores acceptance again and again; replay has its own tests. */
    private static final JwtValidator DPOP_VALIDATOR = JwtValidator.builder().issuer(ISSUER).audience("api").clock(CLOCK)
            .keySource((kid, alg) -> "rsa-1".equals(kid) && "RS256".equals(alg) ? Optional.of(PUBLIC) : Optional.empty())
            .dpopReplayCache((key, lifetime) -> true)
            .build();
    private static final String BOUND_TOKEN = boundToken();

    private static PrivateKey privateKey() {
        try (InputStream in = FuzzTargetsTest.class.getResourceAsStream("fuzz-rsa-1.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----|\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair clientKey() {
        try (InputStream in = FuzzTargetsTest.class.getResourceAsStream("fuzz-dpop-client.jwk")) {
            PrivateJwk<?, ?, ?> jwk = (PrivateJwk<?, ?, ?>) Jwks.parser().build().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return jwk.toKeyPair().toJavaKeyPair();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String boundToken() {
        long now = CLOCK.instant().getEpochSecond();
        try {
            return signedContent(("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}\n{\"iss\":\"" + ISSUER
                    + "\",\"aud\":\"api\",\"sub\":\"user-1\",\"exp\":" + (now + 300) + ",\"iat\":" + now
                    + ",\"scope\":\"read\",\"client_id\":\"c\",\"cnf\":{\"jkt\":\"" + CLIENT_JKT + "\"}}").getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey publicKey(PrivateKey key) {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(byte[] input) throws GeneralSecurityException {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(PRIVATE);
        rsa.update(input);
        return rsa.sign();
    }

    /** A principal or an {@link InvalidTokenException}; never anything else, never slow; nothing unsigned accepted. */
    private static void validateWithinBound(String token) {
        assertTimeout(BOUND, () -> {
            TokenPrincipal principal;
            try {
                principal = VALIDATOR.validate(token);
            } catch (InvalidTokenException expected) {
                assertThat(expected.getMessage()).isEqualTo(expected.reason().description());
                return;
            }
            // accepted: the fixed key signed exactly this input, and the claims are what the rules demand
            int dot = token.lastIndexOf('.');
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(PUBLIC);
            rsa.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
            assertThat(rsa.verify(Base64.getUrlDecoder().decode(token.substring(dot + 1)))).as("signature").isTrue();
            assertThat(principal.issuer()).isEqualTo(ISSUER);
            Object aud = principal.claims().get("aud");
            assertThat(aud instanceof List<?> list ? list : List.of(String.valueOf(aud))).contains("api");
            assertThat(principal.expiresAt()).isAfter(CLOCK.instant().minusSeconds(61));
            assertThat(principal.claims()).doesNotContainKeys("cnf", "at_hash", "c_hash", "events");
        });
    }

    @FuzzTest(maxDuration = "10m")
    void authorizationHeader(FuzzedDataProvider data) {
        BearerTokens tokens = new BearerTokens(data.consumeBoolean());
        List<String> headers = new ArrayList<>();
        int count = data.consumeInt(0, 3);
        for (int i = 0; i < count; i++) {
            headers.add(data.consumeString(300));
        }
        List<String> query = data.consumeBoolean() ? List.of(data.consumeString(300)) : null;
        assertTimeout(BOUND, () -> {
            try {
                String token = tokens.extract(headers.isEmpty() ? null : headers, query);
                assertThat(token).isNotEmpty().matches("[A-Za-z0-9._~+/-]+=*");
            } catch (InvalidTokenException | InvalidRequestException expected) {
                assertThat(expected.errorCode()).isIn("invalid_token", "invalid_request");
            }
        });
    }

    /** Raw token text: seeds are compact tokens signed with the fixed key. */
    @FuzzTest(maxDuration = "10m")
    void validateRawToken(FuzzedDataProvider data) {
        validateWithinBound(new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1));
    }

    /**
     * Header and claims chosen by the fuzzer, as raw bytes separated by the first newline, correctly signed: explores
     * everything after the signature check. Seeds are readable: {@code {"alg":"RS256",...}\n{"iss":...}}.
     */
    @FuzzTest(maxDuration = "10m")
    void validateSignedContent(FuzzedDataProvider data) throws GeneralSecurityException {
        validateWithinBound(signedContent(data.consumeRemainingAsBytes()));
    }

    private static String signedContent(byte[] input) throws GeneralSecurityException {
        int newline = 0;
        while (newline < input.length && input[newline] != '\n') {
            newline++;
        }
        byte[] header = Arrays.copyOf(input, newline);
        byte[] payload = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];
        String signingInput = TokenBuilder.encode(header) + "." + TokenBuilder.encode(payload);
        return signingInput + "." + TokenBuilder.encode(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A DPoP proof given raw: seeds are proofs of the fixed client key for {@code GET} of the fixed URL. */
    @FuzzTest(maxDuration = "10m")
    void dpopProofRaw(FuzzedDataProvider data) {
        proveWithinBound(new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1));
    }

    /**
     * A DPoP proof's header and claims chosen by the fuzzer, separated by the first newline, signed by the fixed
     * client key (ES256): explores everything after the proof's signature, and the binding.
     */
    @FuzzTest(maxDuration = "10m")
    void dpopProofSignedContent(FuzzedDataProvider data) throws GeneralSecurityException {
        proveWithinBound(signedProof(data.consumeRemainingAsBytes()));
    }

    private static TokenRequest dpopRequest(String proof) {
        return TokenRequest.builder(TokenRequest.Scheme.DPOP, BOUND_TOKEN).method("GET").uri(DPOP_URL)
                .headers(name -> name.equalsIgnoreCase("DPoP") ? List.of(proof) : null).build();
    }

    /** A principal or a DPoP refusal; never anything else, never slow; accepted only if the client's key signed it for this request. */
    private static void proveWithinBound(String proof) {
        assertTimeout(BOUND, () -> {
            try {
                DPOP_VALIDATOR.validate(dpopRequest(proof));
            } catch (InvalidTokenException expected) {
                assertThat(expected.reason()).isIn(Reason.DPOP_PROOF, Reason.DPOP_BINDING);
                return;
            }
            String[] parts = proof.strip().split("\\.", -1);
            assertThat(parts).hasSize(3);
            Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
            ecdsa.initVerify(CLIENT.getPublic());
            ecdsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(ecdsa.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signed by the bound key").isTrue();
            Map<String, Object> header = Json.object(Base64.getUrlDecoder().decode(parts[0]));
            Map<String, Object> claims = Json.object(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(header.get("typ")).isEqualTo("dpop+jwt");
            assertThat(claims.get("htm")).isEqualTo("GET");
            assertThat(claims.get("ath")).isEqualTo(DpopBinding.digest(BOUND_TOKEN));
            assertThat(((Number) claims.get("iat")).doubleValue()).isBetween(CLOCK.instant().getEpochSecond() - 181.0, CLOCK.instant().getEpochSecond() + 61.0);
        });
    }

    private static String signedProof(byte[] input) throws GeneralSecurityException {
        int newline = 0;
        while (newline < input.length && input[newline] != '\n') {
            newline++;
        }
        byte[] header = Arrays.copyOf(input, newline);
        byte[] payload = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];
        String signingInput = TokenBuilder.encode(header) + "." + TokenBuilder.encode(payload);
        Signature ecdsa = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initSign(CLIENT.getPrivate());
        ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + TokenBuilder.encode(ecdsa.sign());
    }

    private static byte[] seed(String target, String name) throws IOException {
        try (InputStream in = FuzzTargetsTest.class.getResourceAsStream("FuzzTargetsTestInputs/" + target + "/" + name)) {
            assertThat(in).as(target + "/" + name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static void assertOutcome(String token, Reason reason) {
        if (reason == null) {
            assertThat(VALIDATOR.validate(token).roles()).isNotNull();
        } else {
            assertThatThrownBy(() -> VALIDATOR.validate(token)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(reason));
        }
    }

    @Test
    void seedsReachTheChecksTheyAreNamedFor() throws Exception {
        Map<String, Reason> raw = Map.of("valid", Reason.MISSING, "expired", Reason.EXPIRED, "bad-signature", Reason.SIGNATURE,
                "wrong-audience", Reason.AUDIENCE, "unknown-kid", Reason.UNKNOWN_KEY);
        for (Map.Entry<String, Reason> seed : raw.entrySet()) {
            String token = new String(seed("validateRawToken", seed.getKey()), StandardCharsets.ISO_8859_1);
            assertOutcome(token, seed.getValue() == Reason.MISSING ? null : seed.getValue());
        }
        Map<String, Reason> signed = Map.of("valid", Reason.MISSING, "expired", Reason.EXPIRED, "id-token", Reason.TYPE,
                "scope-is-a-number", Reason.CLAIMS, "roles", Reason.MISSING);
        for (Map.Entry<String, Reason> seed : signed.entrySet()) {
            String token = signedContent(seed("validateSignedContent", seed.getKey()));
            assertOutcome(token, seed.getValue() == Reason.MISSING ? null : seed.getValue());
        }
        TokenPrincipal withRoles = VALIDATOR.validate(signedContent(seed("validateSignedContent", "roles")));
        assertThat(withRoles.roles()).containsExactlyInAnyOrder("admin", "auditor");

        Map<String, Reason> proofs = Map.of("valid", Reason.MISSING, "htm-post", Reason.DPOP_PROOF, "private-jwk", Reason.DPOP_PROOF,
                "wrong-ath", Reason.DPOP_PROOF, "other-key", Reason.DPOP_BINDING);
        for (Map.Entry<String, Reason> seed : proofs.entrySet()) {
            assertProof(signedProof(seed("dpopProofSignedContent", seed.getKey())), seed.getValue());
        }
        Map<String, Reason> rawProofs = Map.of("valid", Reason.MISSING, "bad-signature", Reason.DPOP_PROOF, "not-a-jws", Reason.DPOP_PROOF);
        for (Map.Entry<String, Reason> seed : rawProofs.entrySet()) {
            assertProof(new String(seed("dpopProofRaw", seed.getKey()), StandardCharsets.ISO_8859_1), seed.getValue());
        }
    }

    private static void assertProof(String proof, Reason reason) {
        if (reason == Reason.MISSING) {
            assertThat(DPOP_VALIDATOR.validate(dpopRequest(proof)).claims()).containsKey("cnf");
        } else {
            assertThatThrownBy(() -> DPOP_VALIDATOR.validate(dpopRequest(proof))).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).as(e.detail()).isEqualTo(reason));
        }
    }

    /** Regenerates the seeds (run by hand when the fixed key or the claims change): {@code java ... FuzzTargetsTest}. */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(args[0]);
        long now = CLOCK.instant().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"at+jwt\"}";
        String valid = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"api\",\"sub\":\"user-1\",\"exp\":" + (now + 300) + ",\"iat\":" + now
                + ",\"scope\":\"read write\",\"client_id\":\"c\"}";
        Map<String, String> signedSeeds = Map.of(
                "valid", header + "\n" + valid,
                "expired", header + "\n" + valid.replace("\"exp\":" + (now + 300), "\"exp\":" + (now - 300)),
                "id-token", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"JWT\"}\n" + valid.replace(",\"scope\":\"read write\"", ",\"nonce\":\"n\",\"at_hash\":\"x\""),
                "scope-is-a-number", header + "\n" + valid.replace("\"read write\"", "7"),
                "roles", header + "\n" + valid.replace("}", ",\"realm_access\":{\"roles\":[\"admin\"]},\"resource_access\":{\"my.api\":{\"roles\":[\"auditor\",3]}}}"));
        for (Map.Entry<String, String> seed : signedSeeds.entrySet()) {
            java.nio.file.Files.writeString(root.resolve("validateSignedContent").resolve(seed.getKey()), seed.getValue());
        }
        String token = signedContent(signedSeeds.get("valid").getBytes(StandardCharsets.UTF_8));
        String other = signedContent(signedSeeds.get("expired").getBytes(StandardCharsets.UTF_8));
        Map<String, String> rawSeeds = Map.of(
                "valid", token,
                "expired", other,
                "bad-signature", token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.')),
                "wrong-audience", signedContent((header + "\n" + valid.replace("\"aud\":\"api\"", "\"aud\":\"other\"")).getBytes(StandardCharsets.UTF_8)),
                "unknown-kid", signedContent((header.replace("rsa-1", "rsa-2") + "\n" + valid).getBytes(StandardCharsets.UTF_8)));
        for (Map.Entry<String, String> seed : rawSeeds.entrySet()) {
            java.nio.file.Files.writeString(root.resolve("validateRawToken").resolve(seed.getKey()), seed.getValue());
        }

        Map<String, Object> jwk = new java.util.LinkedHashMap<>(Json.object(Jwks.json(Jwks.builder().key(CLIENT.getPublic()).build())
                .getBytes(StandardCharsets.UTF_8)));
        String proofHeader = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + Json.STRICT.writeValueAsString(jwk) + "}";
        String proofClaims = "{\"jti\":\"j-1\",\"htm\":\"GET\",\"htu\":\"" + DPOP_URL + "\",\"iat\":" + now
                + ",\"ath\":\"" + DpopBinding.digest(BOUND_TOKEN) + "\"}";
        Map<String, Object> withPrivate = new java.util.LinkedHashMap<>(jwk);
        withPrivate.put("d", "AAAA");
        java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        String otherJwk = Jwks.json(Jwks.builder().key(ec.generateKeyPair().getPublic()).build());
        Map<String, String> proofSeeds = Map.of(
                "valid", proofHeader + "\n" + proofClaims,
                "htm-post", proofHeader + "\n" + proofClaims.replace("\"GET\"", "\"POST\""),
                "private-jwk", proofHeader.replace(Json.STRICT.writeValueAsString(jwk), Json.STRICT.writeValueAsString(withPrivate)) + "\n" + proofClaims,
                "wrong-ath", proofHeader + "\n" + proofClaims.replace(DpopBinding.digest(BOUND_TOKEN), DpopBinding.digest("another token")),
                "other-key", proofHeader.replace(Json.STRICT.writeValueAsString(jwk), otherJwk) + "\n" + proofClaims);
        for (Map.Entry<String, String> seed : proofSeeds.entrySet()) {
            java.nio.file.Files.writeString(root.resolve("dpopProofSignedContent").resolve(seed.getKey()), seed.getValue());
        }
        String proof = signedProof(proofSeeds.get("valid").getBytes(StandardCharsets.UTF_8));
        String otherProof = signedProof(proofSeeds.get("htm-post").getBytes(StandardCharsets.UTF_8));
        Map<String, String> rawProofSeeds = Map.of(
                "valid", proof,
                "bad-signature", proof.substring(0, proof.lastIndexOf('.')) + otherProof.substring(otherProof.lastIndexOf('.')),
                "not-a-jws", "eyJ0eXAiOiJkcG9wK2p3dCJ9");
        for (Map.Entry<String, String> seed : rawProofSeeds.entrySet()) {
            java.nio.file.Files.writeString(root.resolve("dpopProofRaw").resolve(seed.getKey()), seed.getValue());
        }
    }
}
