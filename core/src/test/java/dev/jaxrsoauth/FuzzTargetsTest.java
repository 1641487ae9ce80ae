package dev.jaxrsoauth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jaxrsoauth.testing.SigningKey;
import dev.jaxrsoauth.testing.TokenBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

/**
 * Coverage-guided fuzz targets (Jazzer). In {@code mvn -B verify} they run the regression inputs under
 * {@code src/test/resources/dev/jaxrsoauth/FuzzTargetsTestInputs/<method>/}; with {@code JAZZER_FUZZ=1} they fuzz
 * (see README). Invariant: the only outcomes are a result or one of this library's exceptions, within a time bound.
 */
class FuzzTargetsTest {

    private static final String ISSUER = "https://as.example.com";
    private static final SigningKey RSA = SigningKey.generate("rsa-1", "RS256");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final JwtValidator VALIDATOR = JwtValidator.builder().issuer(ISSUER).audience("api").clock(CLOCK)
            .roleClaim("realm_access.roles")
            .keySource((kid, alg) -> "rsa-1".equals(kid) && "RS256".equals(alg) ? Optional.of(RSA.publicKey()) : Optional.empty())
            .build();
    private static final Duration BOUND = Duration.ofSeconds(5);

    /** A principal or an {@link InvalidTokenException}; never anything else, never slow. */
    private static void validateWithinBound(String token) {
        assertTimeout(BOUND, () -> {
            try {
                TokenPrincipal principal = VALIDATOR.validate(token);
                assertThat(principal.issuer()).isEqualTo(ISSUER);
            } catch (InvalidTokenException expected) {
                assertThat(expected.getMessage()).isEqualTo(expected.reason().description());
            }
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
                assertThat(token).isNotEmpty();
            } catch (InvalidTokenException | InvalidRequestException expected) {
                assertThat(expected.errorCode()).isIn("invalid_token", "invalid_request");
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    void validateRawToken(FuzzedDataProvider data) {
        validateWithinBound(data.consumeRemainingAsAsciiString());
    }

    /** Header and claims chosen by the fuzzer, correctly signed: explores everything after the signature check. */
    @FuzzTest(maxDuration = "10m")
    void validateSignedContent(FuzzedDataProvider data) {
        String header = data.consumeString(400);
        String payload = data.consumeRemainingAsString();
        String input = TokenBuilder.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + TokenBuilder.encode(payload.getBytes(StandardCharsets.UTF_8));
        validateWithinBound(input + "." + TokenBuilder.encode(RSA.sign(input.getBytes(StandardCharsets.US_ASCII))));
    }
}
