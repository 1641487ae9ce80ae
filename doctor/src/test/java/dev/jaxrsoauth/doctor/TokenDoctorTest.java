package dev.jaxrsoauth.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaxrsoauth.doctor.Diagnosis.Status;
import dev.jaxrsoauth.testing.IntrospectionEndpoint;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.MutableClock;
import dev.jaxrsoauth.testing.SigningKey;
import dev.jaxrsoauth.testing.TokenBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per rule the doctor explains (the failing case first), and the command line against the mock server. */
class TokenDoctorTest {

    private final MutableClock clock = MutableClock.now();
    private final MockAuthorizationServer as = MockAuthorizationServer.builder().clock(clock).start();

    @AfterEach
    void stop() {
        as.close();
    }

    private Diagnosis diagnose(String token) {
        return diagnose(as.issuer(), List.of("api"), token, null);
    }

    private Diagnosis diagnose(String issuer, List<String> audiences, String token, URI jwks) {
        return TokenDoctor.diagnose(new TokenDoctor.Options(issuer, audiences, token, jwks, Duration.ofSeconds(60), false, null, null, null), clock);
    }

    private static void assertFailed(Diagnosis diagnosis, String step, String detail, String hint) {
        assertThat(diagnosis.accepted()).isFalse();
        Diagnosis.Step found = diagnosis.step(step);
        assertThat(found).as(diagnosis.text(false)).isNotNull();
        assertThat(found.status()).as(diagnosis.text(false)).isEqualTo(Status.FAIL);
        assertThat(found.detail()).contains(detail);
        assertThat(found.hint()).contains(hint);
    }

    private static String unsigned(String headerJson, String payloadJson, String signature) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
                + "." + signature;
    }

    // --- audience

    @Test
    void keycloaksAccountAudienceNamesTheAudienceMapper() {
        Diagnosis diagnosis = diagnose(as.token().audience("account").sign());
        assertFailed(diagnosis, "aud", "account", "Audience mapper");
        assertThat(diagnosis.verdict()).contains("AUDIENCE");
        assertThat(diagnosis.step("signature").status()).as("verified before the claims").isEqualTo(Status.PASS);
    }

    @Test
    void anAuth0TokenForUserinfoNamesTheAudienceParameter() {
        assertFailed(diagnose(as.token().audience("https://tenant.auth0.com/userinfo").sign()), "aud", "userinfo", "audience=<your API's identifier>");
    }

    @Test
    void entraAudiencesExplainApplicationIdUriAgainstClientIdAndGraph() {
        String app = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
        assertFailed(diagnose(as.issuer(), List.of(app), as.token().audience("api://" + app).sign(), null), "aud", "api://", "Application ID URI");
        assertFailed(diagnose(as.token().audience("00000003-0000-0000-c000-000000000000").sign()), "aud", "00000003", "Microsoft Graph");
    }

    @Test
    void aMissingAudienceNamesWhereEachServerSetsIt() {
        assertFailed(diagnose(as.token().without("aud").sign()), "aud", "missing", "Keycloak: add an Audience mapper");
    }

    @Test
    void theRightAudiencePasses() {
        assertThat(diagnose(as.token().audience(List.of("account", "api")).sign()).step("aud").status()).isEqualTo(Status.PASS);
    }

    // --- issuer

    @Test
    void aTrailingSlashIsNamed() {
        Diagnosis diagnosis = diagnose(as.issuer(), List.of("api"), as.token().issuer(as.issuer() + "/").sign(), as.jwksUri());
        assertFailed(diagnosis, "iss", as.issuer() + "/", "trailing slash");
        assertThat(diagnosis.verdict()).contains("ISSUER");
    }

    @Test
    void entraV1AndV2IssuersAreExplained() {
        String tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        Diagnosis diagnosis = diagnose("https://login.microsoftonline.com/" + tenant + "/v2.0", List.of("api"),
                as.token().issuer("https://sts.windows.net/" + tenant + "/").sign(), as.jwksUri());
        assertFailed(diagnosis, "iss", "sts.windows.net", "accessTokenAcceptedVersion");
        assertThat(diagnosis.step("discovery").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void keycloakBehindAnotherHostNamesItsHostname() {
        Diagnosis diagnosis = diagnose("https://id.example.com/realms/demo", List.of("api"),
                as.token().issuer("http://localhost:8080/realms/demo").sign(), as.jwksUri());
        assertFailed(diagnosis, "iss", "localhost:8080", "KC_HOSTNAME");
    }

    // --- times

    @Test
    void anExpiredTokenSaysHowLongAgo() {
        Diagnosis diagnosis = diagnose(as.token().expiresAt(clock.instant().minus(Duration.ofHours(3))).sign());
        assertFailed(diagnosis, "exp", "3 h 0 min ago", "NTP");
        assertThat(diagnosis.verdict()).contains("EXPIRED");
    }

    @Test
    void aTokenFromTheFutureBlamesTheClocks() {
        assertFailed(diagnose(as.token().notBefore(clock.instant().plus(Duration.ofMinutes(10))).sign()), "nbf", "10 min in the future",
                "clock is ahead");
        assertFailed(diagnose(as.token().issuedAt(clock.instant().plus(Duration.ofMinutes(10))).sign()), "iat", "in the future", "NTP");
    }

    @Test
    void withinTheSkewTimesPass() {
        Diagnosis diagnosis = diagnose(as.token().notBefore(clock.instant().plusSeconds(30)).sign());
        assertThat(diagnosis.step("nbf").status()).isEqualTo(Status.PASS);
        assertThat(diagnosis.accepted()).isTrue();
    }

    // --- kind and header

    @Test
    void anIdTokenIsNamed() {
        assertFailed(diagnose(as.token().claim("at_hash", "x").sign()), "kind", "an ID token", "id_token");
        assertFailed(diagnose(as.token().without("scope").claim("nonce", "n").sign()), "kind", "nonce", "access token");
        assertFailed(diagnose(as.token().claim("typ", "Refresh").sign()), "kind", "Refresh", "Keycloak");
    }

    @Test
    void aDpopProofIsNotAToken() {
        assertFailed(diagnose(as.token().header("typ", "dpop+jwt").sign()), "typ", "dpop+jwt", "DPoP proof");
    }

    @Test
    void sharedSecretAndUnsignedTokensAreRefused() {
        String payload = "{\"iss\":\"" + as.issuer() + "\",\"aud\":\"api\",\"exp\":" + (clock.instant().getEpochSecond() + 600) + "}";
        Diagnosis hs = diagnose(unsigned("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", payload, "c2lnbmF0dXJl"));
        assertFailed(hs, "alg", "HS256", "RS256");
        assertThat(hs.verdict()).contains("ALGORITHM");
        assertFailed(diagnose(unsigned("{\"alg\":\"none\"}", payload, "")), "alg", "none", "Unsigned tokens are never accepted");
    }

    @Test
    void criticalHeadersAreRefused() {
        assertFailed(diagnose(as.token().header("crit", List.of("exp")).sign()), "crit", "present", "must not use them");
    }

    // --- keys and signature

    @Test
    void aKidTheIssuerDoesNotPublishNamesOtherEnvironments() {
        SigningKey stranger = SigningKey.generate("prod-key", "RS256");
        Diagnosis diagnosis = diagnose(as.token().signedWith(stranger).sign());
        assertFailed(diagnosis, "key", "prod-key", "another realm, tenant or environment");
        assertThat(diagnosis.verdict()).contains("UNKNOWN_KEY");
    }

    @Test
    void aChangedTokenFailsTheSignature() {
        String token = as.token().sign();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"api\"", "\"api\" ")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        Diagnosis diagnosis = diagnose(forged);
        assertFailed(diagnosis, "signature", "does not verify", "changed after signing");
        assertThat(diagnosis.verdict()).contains("SIGNATURE");
    }

    @Test
    void anUnreachableIssuerFailsDiscoveryWithWhereToLook() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Diagnosis diagnosis = diagnose("http://127.0.0.1:" + port + "/realms/demo", List.of("api"), as.token().sign(), null);
        assertFailed(diagnosis, "discovery", "ConnectException", "Keycloak https://<host>/realms/<realm>");
        assertThat(diagnosis.verdict()).contains("500");
    }

    // --- format

    @Test
    void encryptedAndOpaqueTokensSayWhatToDo() {
        assertFailed(diagnose("a.b.c.d.e"), "format", "JWE", "signed access tokens");
        Diagnosis opaque = diagnose("2YotnFZFEjr1zCsicMWpAA");
        assertFailed(opaque, "format", "opaque", "--introspect");
        assertThat(as.requestCount(IntrospectionEndpoint.PATH)).as("never sent anywhere without --introspect").isZero();
        assertFailed(diagnose("not.base64!.x"), "header", "not base64url-encoded JSON", "copy it again");
    }

    @Test
    void anOpaqueTokenIsAskedAboutOnlyWithIntrospect() {
        String active = as.introspection().issue(Map.of("scope", "read"));
        Diagnosis diagnosis = TokenDoctor.diagnose(new TokenDoctor.Options(as.issuer(), List.of("api"), active, null, Duration.ofSeconds(60),
                true, null, IntrospectionEndpoint.CLIENT_ID, IntrospectionEndpoint.CLIENT_SECRET), clock);
        assertThat(diagnosis.step("introspection").status()).as(diagnosis.text(false)).isEqualTo(Status.PASS);
        assertThat(diagnosis.accepted()).isTrue();

        String revoked = as.introspection().issue(Map.of("scope", "read"));
        as.introspection().revoke(revoked);
        Diagnosis inactive = TokenDoctor.diagnose(new TokenDoctor.Options(as.issuer(), List.of("api"), revoked, null, Duration.ofSeconds(60),
                true, null, IntrospectionEndpoint.CLIENT_ID, IntrospectionEndpoint.CLIENT_SECRET), clock);
        assertFailed(inactive, "introspection", "INACTIVE", "not active");
    }

    @Test
    void aJwtTheEndpointCallsInactiveIsRefusedWithIntrospect() {
        String jwt = as.token().sign();
        Diagnosis diagnosis = TokenDoctor.diagnose(new TokenDoctor.Options(as.issuer(), List.of("api"), jwt, null, Duration.ofSeconds(60),
                true, null, IntrospectionEndpoint.CLIENT_ID, IntrospectionEndpoint.CLIENT_SECRET), clock);
        assertThat(diagnosis.step("signature").status()).isEqualTo(Status.PASS);
        assertFailed(diagnosis, "introspection", "INACTIVE", "not active");
        assertThat(diagnosis.verdict()).contains("JwtValidator accepts").contains("introspection: 401");
    }

    @Test
    void aDpopBoundTokenIsAcceptedAsATokenThatNeedsProofs() {
        Diagnosis diagnosis = diagnose(as.token().dpopBound(SigningKey.generate("client", "ES256")).sign());
        assertThat(diagnosis.accepted()).as(diagnosis.text(false)).isTrue();
        assertThat(diagnosis.step("cnf").status()).isEqualTo(Status.INFO);
        assertThat(diagnosis.step("signature").status()).isEqualTo(Status.PASS);
        assertThat(diagnosis.verdict()).contains("Authorization: DPoP and a valid proof");
    }

    @Test
    void timesOutsideNumericDatesAreRefusedNotCrashedOn() {
        Diagnosis diagnosis = diagnose(as.token().claim("exp", 1e18).claim("nbf", -5).sign());
        assertFailed(diagnosis, "exp", "not a NumericDate", "year 9999");
        assertFailed(diagnosis, "nbf", "not a NumericDate", "since 1970");
    }

    @Test
    void discoveryTriesTheOAuthDocumentWhenThereIsNoOpenIdOne() {
        try (MockAuthorizationServer oauthOnly = MockAuthorizationServer.builder().issuerPath("/tenant").discovery(false, true).clock(clock).start()) {
            Diagnosis diagnosis = diagnose(oauthOnly.issuer(), List.of("api"), oauthOnly.token().sign(), null);
            assertThat(diagnosis.accepted()).as(diagnosis.text(false)).isTrue();
            assertThat(diagnosis.step("discovery").detail()).contains("/.well-known/oauth-authorization-server/tenant");
        }
    }

    // --- a good token, and the output

    @Test
    void aGoodTokenPassesEveryStep() {
        Diagnosis diagnosis = diagnose("Bearer " + as.token().scope("read write").sign());
        assertThat(diagnosis.accepted()).as(diagnosis.text(false)).isTrue();
        assertThat(diagnosis.steps()).extracting(Diagnosis.Step::status).doesNotContain(Status.FAIL, Status.SKIP);
        assertThat(diagnosis.steps()).extracting(Diagnosis.Step::name)
                .contains("format", "header", "alg", "typ", "claims", "kind", "iss", "aud", "exp", "discovery", "jwks", "key", "signature");
        assertThat(diagnosis.step("key").detail()).contains("rsa-1");
        assertThat(diagnosis.verdict()).contains("accepts").contains("read");
    }

    @Test
    void theReportNeverShowsTheSignatureNorTerminalEscapes() throws IOException {
        String token = as.token().subject("\u001b[31mevil\u202e").sign();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        Diagnosis diagnosis = diagnose(token);
        for (String report : List.of(diagnosis.text(false), diagnosis.text(true), diagnosis.json())) {
            assertThat(report).doesNotContain(signature).doesNotContain(token).doesNotContain("\u202e");
        }
        assertThat(diagnosis.text(false)).doesNotContain("\u001b").contains("?[31mevil?");
        assertThat(diagnosis.text(true)).contains("\u001b[32mPASS\u001b[0m");
        JsonNode json = new ObjectMapper().readTree(diagnosis.json());
        assertThat(json.path("accepted").asBoolean()).isTrue();
        assertThat(json.path("steps").findValuesAsText("status")).contains("pass", "info").doesNotContain("fail");
    }

    // --- the command line

    private record Run(int status, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenDoctor.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, clock);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCommandLineReadsStandardInputAndExitsWithTheVerdict() throws IOException {
        Run good = cli("Bearer " + as.token().sign() + "\n", "--issuer", as.issuer(), "--audience", "api");
        assertThat(good.status()).as(good.out()).isZero();
        assertThat(good.out()).contains("PASS  aud").contains("ACCEPTED");

        Run bad = cli("", "--issuer", as.issuer(), "--audience", "api", "--json", as.token().audience("account").sign());
        assertThat(bad.status()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(bad.out());
        assertThat(json.path("accepted").asBoolean()).isFalse();
        assertThat(json.path("steps").findValuesAsText("hint")).anyMatch(h -> h.contains("Audience mapper"));

        String token = as.token().sign();
        Run split = cli("", "--issuer", as.issuer(), "--audience", "api", "Bearer", token);
        assertThat(split.status()).isEqualTo(2);
        assertThat(split.err()).contains("more than one token argument").doesNotContain(token.substring(token.lastIndexOf('.') + 1));

        Run usage = cli("", "--audience", "api");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("--issuer and --audience are required").contains("usage:");
        assertThat(cli("", "--issuer", as.issuer(), "--audience", "api", "--clock-skew", "soon").err()).contains("--clock-skew must be");
        assertThat(cli("", "--help").out()).contains("exit status: 0 accepted (or --help), 1 refused, 2 usage error");
    }
}
