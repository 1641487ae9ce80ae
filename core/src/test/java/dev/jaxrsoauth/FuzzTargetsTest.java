package dev.jaxrsoauth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.TokenBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
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
    }
}
