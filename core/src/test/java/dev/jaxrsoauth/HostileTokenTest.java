package dev.jaxrsoauth;

import dev.jaxrsoauth.api.DataResource;
import dev.jaxrsoauth.InvalidTokenException.Reason;
import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;
import dev.jaxrsoauth.testing.TokenBuilder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks every JWT library has shipped a bypass for, end to end over HTTP: header transport, compact form and
 * encoding, header attacks, signature attacks, claims, scopes and JWKS content. Each case asserts the status, the
 * challenge's error attribute and the body code; none may reach the resource or answer 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTokenTest {

    private static final String NONE = null;
    private static final String INVALID_TOKEN = "invalid_token";
    private static final String INVALID_REQUEST = "invalid_request";
    private static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    private static final SigningKey ATTACKER = SigningKey.generate("rsa-1", "RS256");
    private static final SigningKey WEAK = SigningKey.generate("weak-1", "RS256", 1024);
    private static final SigningKey ENCRYPTION = SigningKey.generate("enc-1", "RS256");
    private static final SigningKey WRONG_ALG = SigningKey.generate("rs512-1", "RS256");
    private static final SigningKey CLIENT = SigningKey.generate("client", "ES256");
    private static final byte[] SHARED_SECRET = "a-secret-that-an-attacker-also-knows!!".getBytes(StandardCharsets.US_ASCII);

    private MockAuthorizationServer as;
    private JerseyServer server;
    private Http http;

    /** One hostile request: the headers it sends, and what must come back: status, error code, and the check that refused it. */
    record Case(String name, Function<HostileTokenTest, List<String>> headers, int status, String error, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        as = MockAuthorizationServer.start();
        as.jwks().addKey(WEAK);
        as.jwks().publishRawJwk(ENCRYPTION.publicJwkJson().replace("\"sig\"", "\"enc\""));
        as.jwks().publishRawJwk(WRONG_ALG.publicJwkJson().replace("\"RS256\"", "\"RS512\""));
        as.jwks().publishRawJwk("{\"kty\":\"oct\",\"kid\":\"shared-secret\",\"alg\":\"HS256\",\"k\":\""
                + TokenBuilder.encode(SHARED_SECRET) + "\"}");
        OAuthFeature.Builder feature = OAuthFeature.builder().issuer(as.issuer()).audience("api");
        if (PROVIDER != null) {
            feature.cryptoProvider(PROVIDER);
        }
        server = new JerseyServer(new ResourceConfig()
                .register(feature.build())
                .register(JacksonFeature.class)
                .register(DataResource.class));
        http = server.http();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        as.close();
        if (PROVIDER != null) {
            // the provider run really verified with the provider named
            assertThat(PROVIDER.signatures()).as(PROVIDER.getName()).isPositive();
            // and verified everything itself, but for what it is known to lack
            assertThat(JwsVerifier.fallbacks(PROVIDER)).as(PROVIDER.getName()).allMatch(kind -> CryptoProviders.expectedFallback(PROVIDER, kind));
        }
    }

    /** The provider of this run ({@link CryptoProviders#PROPERTY}); {@code null}: the JDK's. */
    private static final CryptoProviders.Counting PROVIDER = CryptoProviders.selected();

    // --- token makers

    private TokenBuilder token() {
        return as.token();
    }

    private static List<String> bearer(String token) {
        return List.of("Authorization", "Bearer " + token);
    }

    private static Case header(String name, int status, String error, Reason reason, Function<HostileTokenTest, List<String>> headers) {
        return new Case(name, headers, status, error, reason);
    }

    private static Case rejected(String name, Reason reason, Function<HostileTokenTest, String> token) {
        return new Case(name, t -> bearer(token.apply(t)), 401, INVALID_TOKEN, reason);
    }

    private static Case status(String name, int status, String error, Function<HostileTokenTest, String> token) {
        return new Case(name, t -> bearer(token.apply(t)), status, error, null);
    }

    private static String b64(String text) {
        return TokenBuilder.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return TokenBuilder.encode(bytes);
    }

    /** A header and payload exactly as given, signed with the key. */
    private static String signed(SigningKey key, String headerJson, byte[] payload) {
        String input = b64(headerJson) + "." + b64(payload);
        return input + "." + b64(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private String signedRaw(String headerJson, String payloadJson) {
        return signed(as.key("rsa-1"), headerJson, payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    private String validPayload() {
        String input = token().signingInput();
        return new String(Base64.getUrlDecoder().decode(input.substring(input.indexOf('.') + 1)), StandardCharsets.UTF_8);
    }

    private static String hmac(String algorithm, byte[] secret, TokenBuilder builder) {
        String jca = "Hmac" + algorithm.replace("HS", "SHA");
        String input = builder.header("alg", algorithm).signingInput();
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(secret, jca));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String withSignature(TokenBuilder builder, byte[] signature) {
        return builder.signingInput() + "." + b64(signature);
    }

    private String pem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(as.key("rsa-1").publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** RSASSA-PSS with SHA-256 over the input, with the RSA key published for RS256. */
    private byte[] pss(byte[] input) {
        try {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            pss.initSign(as.key("rsa-1").keyPair().getPrivate());
            pss.update(input);
            return pss.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] derEcdsa(TokenBuilder builder) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(as.key("ec-1").keyPair().getPrivate());
            ecdsa.update(builder.signingInput().getBytes(StandardCharsets.US_ASCII));
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] curveOrderTwice() {
        BigInteger n = ((ECPublicKey) as.key("ec-1").publicKey()).getParams().getOrder();
        byte[] order = n.toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(order, order.length - 32, fixed, 0, 32);
        byte[] signature = new byte[64];
        System.arraycopy(fixed, 0, signature, 0, 32);
        System.arraycopy(fixed, 0, signature, 32, 32);
        return signature;
    }

    /** A token bound to {@link #CLIENT}. */
    private String bound() {
        return token().dpopBound(CLIENT).sign();
    }

    /** A valid proof of {@link #CLIENT} for {@code GET /api/data} with that token, to be broken by the case. */
    private DpopProof proof(String token) {
        return DpopProof.create(CLIENT, "GET", http.url("/api/data"), Instant.now()).accessToken(token);
    }

    /** {@code Authorization: DPoP} with a bound token, and the proof the case makes for it. */
    private static Case dpop(String name, Reason reason, java.util.function.BiFunction<HostileTokenTest, String, String> proof) {
        return new Case(name, t -> {
            String token = t.bound();
            return proof == null ? List.of("Authorization", "DPoP " + token) : List.of("Authorization", "DPoP " + token, "DPoP", proof.apply(t, token));
        }, 401, reason == Reason.DPOP_PROOF ? "invalid_dpop_proof" : INVALID_TOKEN, reason);
    }

    /** A proof of the token with the header and claims as given, signed by {@link #CLIENT}. */
    private String rawProof(String headerJson, String claimsJson) {
        return signed(CLIENT, headerJson, claimsJson.getBytes(StandardCharsets.UTF_8));
    }

    private String proofClaims(String token) {
        String proof = proof(token).sign();
        return new String(Base64.getUrlDecoder().decode(proof.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private String proofHeader(String token) {
        String proof = proof(token).sign();
        return new String(Base64.getUrlDecoder().decode(proof.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static String replaceLast(String token, char c) {
        return token.substring(0, token.length() - 1) + c;
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    // --- the catalogue

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // header transport (RFC 6750 §2)
        c.add(header("no Authorization header", 401, NONE, Reason.MISSING, t -> List.of()));
        c.add(header("Basic scheme", 401, NONE, Reason.MISSING, t -> List.of("Authorization", "Basic dXNlcjpwYXNz")));
        c.add(header("DPoP scheme with an unbound token", 401, INVALID_TOKEN, Reason.DPOP_BINDING,
                t -> List.of("Authorization", "DPoP " + t.token().sign())));
        c.add(header("Bearer followed by a tab only", 400, INVALID_REQUEST, null, t -> List.of("Authorization", "Bearer\t")));
        c.add(header("Bearer without token", 400, INVALID_REQUEST, null, t -> List.of("Authorization", "Bearer")));
        c.add(header("two Authorization headers", 400, INVALID_REQUEST, null,
                t -> List.of("Authorization", "Bearer " + t.token().sign(), "Authorization", "Bearer " + t.token().sign())));
        c.add(header("two tokens joined with a comma", 401, INVALID_TOKEN, Reason.MALFORMED,
                t -> List.of("Authorization", "Bearer " + t.token().sign() + ", Bearer " + t.token().sign())));
        c.add(header("token followed by another word", 401, INVALID_TOKEN, Reason.MALFORMED,
                t -> List.of("Authorization", "Bearer " + t.token().sign() + " extra")));
        c.add(header("padding appended to the token", 401, INVALID_TOKEN, Reason.MALFORMED,
                t -> List.of("Authorization", "Bearer " + t.token().sign() + "==")));
        c.add(header("lower-case scheme with a valid token", 200, NONE, null, t -> List.of("Authorization", "bearer " + t.token().sign())));
        // compact serialisation and encoding (RFC 7515 §3.1, §2)
        c.add(rejected("two segments", Reason.MALFORMED, t -> t.token().signingInput()));
        c.add(rejected("four segments", Reason.MALFORMED, t -> t.token().sign() + ".AAAA"));
        c.add(rejected("five segments (JWE shape)", Reason.MALFORMED, t -> "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.AA.AA.AA.AA"));
        c.add(rejected("empty signature", Reason.MALFORMED, t -> t.token().signingInput() + "."));
        c.add(rejected("standard base64 alphabet in the signature", Reason.MALFORMED, t -> replaceLast(t.token().sign(), '+')));
        c.add(rejected("non-canonical final base64url character", Reason.MALFORMED, t -> {
            String token = t.token().sign();
            char last = token.charAt(token.length() - 1);
            return token.length() % 4 == 1 ? token + "A" : replaceLast(token, (char) (last == 'A' ? 'B' : last + 1));
        }));
        c.add(rejected("header is not JSON", Reason.MALFORMED, t -> b64("hello") + "." + b64("{}") + ".AAAA"));
        c.add(rejected("header is a JSON array", Reason.MALFORMED, t -> t.signedRaw("[1]", t.validPayload())));
        c.add(rejected("trailing data after the header object", Reason.MALFORMED, t -> t.signedRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"} {}", t.validPayload())));
        c.add(rejected("trailing data after the claims object", Reason.MALFORMED, t -> t.signedRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", t.validPayload() + "x")));
        c.add(rejected("duplicate alg in the header", Reason.MALFORMED, t -> t.signedRaw("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"rsa-1\"}", t.validPayload())));
        c.add(rejected("duplicate sub claim", Reason.MALFORMED, t -> t.signedRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                t.validPayload().replaceFirst("\\{", "{\"sub\":\"admin\","))));
        c.add(rejected("deeply nested claim", Reason.MALFORMED, t -> t.signedRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                t.validPayload().replaceFirst("\\{", "{\"deep\":" + nested(200) + ","))));
        c.add(rejected("400-digit exp", Reason.MALFORMED, t -> t.signedRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}",
                t.validPayload().replaceFirst("\"exp\":\\d+", "\"exp\":" + "9".repeat(400)))));
        c.add(rejected("invalid UTF-8 in the claims", Reason.MALFORMED, t -> {
            byte[] payload = t.validPayload().replace("user-1", "user-\u0001").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < payload.length; i++) {
                if (payload[i] == 1) {
                    payload[i] = (byte) 0xC3;
                }
            }
            return signed(t.as.key("rsa-1"), "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", payload);
        }));
        // header attacks
        c.add(rejected("alg none without signature", Reason.MALFORMED, t -> t.token().header("alg", "none").signingInput() + "."));
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            c.add(rejected("alg " + none + " with a signature", Reason.ALGORITHM, t -> {
                String valid = t.token().sign();
                return t.token().header("alg", none).signingInput() + valid.substring(valid.lastIndexOf('.'));
            }));
        }
        c.add(rejected("HS256 keyed with the public key (DER)", Reason.ALGORITHM, t -> hmac("HS256", t.as.key("rsa-1").publicKey().getEncoded(), t.token())));
        c.add(rejected("HS256 keyed with the public key (PEM)", Reason.ALGORITHM, t -> hmac("HS256", t.pem().getBytes(StandardCharsets.US_ASCII), t.token())));
        c.add(rejected("HS256 keyed with the public JWK", Reason.ALGORITHM, t -> hmac("HS256",
                t.as.key("rsa-1").publicJwkJson().getBytes(StandardCharsets.UTF_8), t.token())));
        c.add(rejected("HS384 keyed with the public key", Reason.ALGORITHM, t -> hmac("HS384", t.as.key("rsa-1").publicKey().getEncoded(), t.token())));
        c.add(rejected("HS512 keyed with the public key", Reason.ALGORITHM, t -> hmac("HS512", t.as.key("rsa-1").publicKey().getEncoded(), t.token())));
        c.add(rejected("RS256 under the EC key's kid", Reason.ALGORITHM, t -> t.token().header("kid", "ec-1").sign()));
        c.add(rejected("ES256 under the RSA key's kid", Reason.ALGORITHM, t -> t.token().signedWith(t.as.key("ec-1")).header("kid", "rsa-1").sign()));
        c.add(rejected("PS256 with the key published for RS256", Reason.ALGORITHM, t -> {
            // signed with that very RSA key, so only the algorithm binding can refuse it
            TokenBuilder pss = t.token().header("alg", "PS256");
            return t.withSignature(pss, t.pss(pss.signingInput().getBytes(StandardCharsets.US_ASCII)));
        }));
        c.add(rejected("alg missing", Reason.ALGORITHM, t -> t.signedRaw("{\"kid\":\"rsa-1\"}", t.validPayload())));
        c.add(rejected("alg is a number", Reason.ALGORITHM, t -> t.signedRaw("{\"alg\":256,\"kid\":\"rsa-1\"}", t.validPayload())));
        c.add(rejected("alg is empty", Reason.ALGORITHM, t -> t.signedRaw("{\"alg\":\"\",\"kid\":\"rsa-1\"}", t.validPayload())));
        c.add(rejected("kid path traversal", Reason.UNKNOWN_KEY, t -> t.token().header("kid", "../../../../../dev/null").sign()));
        c.add(rejected("kid SQL injection", Reason.UNKNOWN_KEY, t -> t.token().header("kid", "' OR '1'='1").sign()));
        c.add(rejected("kid of 300 characters", Reason.MALFORMED, t -> t.token().header("kid", "k".repeat(300)).sign()));
        c.add(rejected("kid is a number", Reason.MALFORMED, t -> t.token().header("kid", 1).sign()));
        // key-carrying headers never select a key: the attacker's signature meets the published key and fails there
        c.add(rejected("embedded jwk with the attacker's key", Reason.SIGNATURE, t -> t.token().signedWith(ATTACKER)
                .header("jwk", Map.of("kty", "RSA", "kid", "rsa-1", "e", "AQAB", "n", b64(((java.security.interfaces.RSAPublicKey) ATTACKER.publicKey()).getModulus().toByteArray()))).sign()));
        c.add(rejected("jku to the attacker's key set", Reason.SIGNATURE, t -> t.token().signedWith(ATTACKER).header("jku", "https://evil.example/jwks").sign()));
        c.add(rejected("x5u to the attacker's certificate", Reason.SIGNATURE, t -> t.token().signedWith(ATTACKER).header("x5u", "https://evil.example/cert").sign()));
        c.add(rejected("x5c with a bogus chain", Reason.SIGNATURE, t -> t.token().signedWith(ATTACKER).header("x5c", List.of("AAAA")).sign()));
        c.add(rejected("crit naming a registered claim", Reason.MALFORMED, t -> t.token().header("crit", List.of("exp")).sign()));
        c.add(rejected("crit empty", Reason.MALFORMED, t -> t.token().header("crit", List.of()).sign()));
        c.add(rejected("unencoded payload (b64 false)", Reason.MALFORMED, t -> t.token().header("b64", false).header("crit", List.of("b64")).sign()));
        for (String typ : List.of("id_token+jwt", "logout+jwt", "secevent+jwt", "application/jwt+json", "dpop+jwt")) {
            c.add(rejected("typ " + typ, Reason.TYPE, t -> t.token().header("typ", typ).sign()));
        }
        c.add(rejected("compressed (zip DEF)", Reason.MALFORMED, t -> t.token().header("zip", "DEF").sign()));
        c.add(rejected("nested JWT (cty JWT)", Reason.MALFORMED, t -> signed(t.as.key("rsa-1"), "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"cty\":\"JWT\"}",
                t.token().sign().getBytes(StandardCharsets.US_ASCII))));
        c.add(rejected("JWE header on a JWS", Reason.MALFORMED, t -> t.token().header("enc", "A256GCM").sign()));
        // signature attacks
        c.add(rejected("psychic ECDSA signature (r = s = 0)", Reason.SIGNATURE, t -> t.withSignature(t.token().signedWith(t.as.key("ec-1")), new byte[64])));
        c.add(rejected("ECDSA r = s = n", Reason.SIGNATURE, t -> t.withSignature(t.token().signedWith(t.as.key("ec-1")), t.curveOrderTwice())));
        c.add(rejected("ECDSA signature in DER instead of R||S", Reason.SIGNATURE, t -> {
            TokenBuilder builder = t.token().signedWith(t.as.key("ec-1"));
            return t.withSignature(builder, t.derEcdsa(builder));
        }));
        c.add(rejected("RSA signature of zeros", Reason.SIGNATURE, t -> t.withSignature(t.token(), new byte[256])));
        c.add(rejected("signature truncated by three bytes", Reason.SIGNATURE, t -> {
            String token = t.token().sign();
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
            return token.substring(0, token.lastIndexOf('.') + 1) + b64(java.util.Arrays.copyOf(signature, signature.length - 3));
        }));
        c.add(rejected("signature of another token", Reason.SIGNATURE, t -> {
            String other = t.token().subject("admin").sign();
            return t.token().signingInput() + other.substring(other.lastIndexOf('.'));
        }));
        c.add(rejected("claims tampered after signing", Reason.SIGNATURE, t -> {
            String token = t.token().sign();
            String forged = t.token().scope("read write admin").signingInput();
            return forged + token.substring(token.lastIndexOf('.'));
        }));
        c.add(rejected("header tampered after signing", Reason.SIGNATURE, t -> {
            String token = t.token().sign();
            return t.token().header("typ", "JWT").signingInput().split("\\.")[0] + token.substring(token.indexOf('.'));
        }));
        c.add(rejected("another key under the trusted kid", Reason.SIGNATURE, t -> t.token().signedWith(ATTACKER).sign()));
        // the key set's filter keeps a 1024-bit key out, so its kid is unknown
        c.add(rejected("1024-bit RSA key from the key set", Reason.UNKNOWN_KEY, t -> t.token().signedWith(WEAK).sign()));
        // claims
        c.add(rejected("exp missing", Reason.CLAIMS, t -> t.token().without("exp").sign()));
        c.add(rejected("exp as a numeric string", Reason.CLAIMS, t -> t.token().claim("exp", String.valueOf(Instant.now().getEpochSecond() + 300)).sign()));
        c.add(rejected("exp as ISO-8601", Reason.CLAIMS, t -> t.token().claim("exp", "2099-01-01T00:00:00Z").sign()));
        c.add(rejected("exp negative", Reason.CLAIMS, t -> t.token().claim("exp", -1).sign()));
        c.add(rejected("exp boolean", Reason.CLAIMS, t -> t.token().claim("exp", true).sign()));
        c.add(rejected("exp in the past", Reason.EXPIRED, t -> t.token().expiresAt(Instant.now().minusSeconds(300)).sign()));
        c.add(rejected("exp fractional, in the past", Reason.EXPIRED, t -> t.token().claim("exp", Instant.now().getEpochSecond() - 300.5).sign()));
        c.add(rejected("nbf in the future", Reason.NOT_YET_VALID, t -> t.token().notBefore(Instant.now().plusSeconds(600)).sign()));
        c.add(rejected("nbf as a string", Reason.CLAIMS, t -> t.token().claim("nbf", "0").sign()));
        c.add(rejected("iat in the future", Reason.NOT_YET_VALID, t -> t.token().issuedAt(Instant.now().plusSeconds(600)).sign()));
        c.add(rejected("iss missing", Reason.ISSUER, t -> t.token().without("iss").sign()));
        c.add(rejected("iss with a trailing slash", Reason.ISSUER, t -> t.token().issuer(t.as.issuer() + "/").sign()));
        c.add(rejected("iss in upper case", Reason.ISSUER, t -> t.token().issuer(t.as.issuer().toUpperCase()).sign()));
        c.add(rejected("iss as an array", Reason.ISSUER, t -> t.token().claim("iss", List.of(t.as.issuer())).sign()));
        c.add(rejected("aud missing", Reason.AUDIENCE, t -> t.token().without("aud").sign()));
        c.add(rejected("aud of another API", Reason.AUDIENCE, t -> t.token().audience("other").sign()));
        c.add(rejected("aud array without ours", Reason.AUDIENCE, t -> t.token().audience(List.of("a", "b")).sign()));
        c.add(rejected("aud empty array", Reason.AUDIENCE, t -> t.token().audience(List.of()).sign()));
        c.add(rejected("aud differs in case", Reason.AUDIENCE, t -> t.token().audience("API").sign()));
        c.add(rejected("aud is a number", Reason.AUDIENCE, t -> t.token().audience(7).sign()));
        c.add(rejected("cnf.jkt on a bearer token", Reason.DPOP_BINDING, t -> t.token().claim("cnf", Map.of("jkt", "abc")).sign()));
        c.add(rejected("cnf with a certificate binding only", Reason.DPOP_BINDING, t -> t.token().claim("cnf", Map.of("x5t#S256", "abc")).sign()));
        c.add(rejected("scope is a number", Reason.CLAIMS, t -> t.token().claim("scope", 1).sign()));
        // other kinds of token from the same issuer and key (RFC 8725 §3.11, RFC 9068 §4)
        c.add(rejected("ID token (at_hash, nonce, no scope, typ JWT)", Reason.TYPE, t -> t.token().header("typ", "JWT").without("scope")
                .claim("at_hash", "x4Q8HQk1mJ3v0p0lQ2jD5w").claim("nonce", "n-0S6_WzA2Mj").sign()));
        c.add(rejected("ID token without at_hash (nonce, no scope)", Reason.TYPE, t -> t.token().header("typ", "JWT").without("scope")
                .claim("nonce", "n-0S6_WzA2Mj").sign()));
        c.add(rejected("Keycloak ID token (payload typ ID)", Reason.TYPE, t -> t.token().header("typ", "JWT").claim("typ", "ID").sign()));
        c.add(rejected("Keycloak refresh token (payload typ Refresh)", Reason.TYPE, t -> t.token().header("typ", "JWT").claim("typ", "Refresh").sign()));
        c.add(rejected("Keycloak logout token (payload typ Logout)", Reason.TYPE, t -> t.token().header("typ", "JWT").claim("typ", "Logout").sign()));
        c.add(rejected("back-channel logout token (events, typ JWT)", Reason.TYPE, t -> t.token().header("typ", "JWT")
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).sign()));
        c.add(rejected("payload typ of the wrong JSON type", Reason.TYPE, t -> t.token().claim("typ", List.of("Bearer")).sign()));
        // scopes
        for (String scope : List.of("readonly", "READ", "read:all", "xread", "read\twrite", "", "write")) {
            c.add(status("scope '" + scope + "' is not read", 403, INSUFFICIENT_SCOPE, t -> t.token().scope(scope).sign()));
        }
        c.add(status("no scope claim", 403, INSUFFICIENT_SCOPE, t -> t.token().without("scope").sign()));
        c.add(status("read among others", 200, NONE, t -> t.token().scope("write read").sign()));
        c.add(status("read in a scope array", 200, NONE, t -> t.token().claim("scope", List.of("read")).sign()));
        c.add(status("read in scp", 200, NONE, t -> t.token().without("scope").claim("scp", List.of("read")).sign()));
        c.add(status("Keycloak access token (payload typ Bearer, nonce, scope)", 200, NONE, t -> t.token().header("typ", "JWT")
                .claim("typ", "Bearer").claim("nonce", "n-0S6_WzA2Mj").sign()));
        // DPoP (RFC 9449 §4.3): the proof, then the binding
        c.add(dpop("DPoP proof missing", Reason.DPOP_PROOF, null));
        c.add(new Case("two DPoP headers, both valid", t -> {
            String token = t.bound();
            return List.of("Authorization", "DPoP " + token, "DPoP", t.proof(token).sign(), "DPoP", t.proof(token).sign());
        }, 401, "invalid_dpop_proof", Reason.DPOP_PROOF));
        c.add(dpop("DPoP proof not a JWS", Reason.DPOP_PROOF, (t, token) -> "not-a-proof"));
        c.add(dpop("DPoP proof of four segments", Reason.DPOP_PROOF, (t, token) -> t.proof(token).sign() + ".x"));
        c.add(dpop("DPoP proof header bad base64", Reason.DPOP_PROOF, (t, token) -> "!!!" + t.proof(token).sign()));
        // (a proof over 8 KiB: Grizzly's default header limit answers first here; DpopConformance sends one to both examples)
        c.add(dpop("DPoP proof header with a duplicate typ", Reason.DPOP_PROOF, (t, token) -> t.rawProof(
                t.proofHeader(token).replaceFirst("\\{", "{\"typ\":\"JWT\","), t.proofClaims(token))));
        c.add(dpop("DPoP proof claims with a duplicate htm", Reason.DPOP_PROOF, (t, token) -> t.rawProof(
                t.proofHeader(token), t.proofClaims(token).replaceFirst("\\{", "{\"htm\":\"POST\","))));
        c.add(dpop("DPoP proof claims not an object", Reason.DPOP_PROOF, (t, token) -> t.rawProof(t.proofHeader(token), "[]")));
        c.add(dpop("the access token as its own proof", Reason.DPOP_PROOF, (t, token) -> token));
        c.add(dpop("DPoP proof typ JWT", Reason.DPOP_PROOF, (t, token) -> t.proof(token).header("typ", "JWT").sign()));
        c.add(dpop("DPoP proof without typ", Reason.DPOP_PROOF, (t, token) -> t.proof(token).withoutHeader("typ").sign()));
        c.add(dpop("DPoP proof alg none, unsigned", Reason.DPOP_PROOF, (t, token) -> {
            String[] parts = t.proof(token).sign().split("\\.");
            return b64(t.proofHeader(token).replace("\"ES256\"", "\"none\"")) + "." + parts[1] + ".";
        }));
        c.add(dpop("DPoP proof HS256 keyed with the jwk's x", Reason.DPOP_PROOF, (t, token) -> {
            String input = b64(t.proofHeader(token).replace("\"ES256\"", "\"HS256\"")) + "." + b64(t.proofClaims(token));
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(CLIENT.publicKey().getEncoded(), "HmacSHA256"));
                return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }));
        c.add(dpop("DPoP proof without jwk", Reason.DPOP_PROOF, (t, token) -> t.proof(token).withoutHeader("jwk").sign()));
        c.add(dpop("DPoP proof jwk is a string", Reason.DPOP_PROOF, (t, token) -> t.proof(token).header("jwk", "key").sign()));
        c.add(dpop("DPoP proof jwk with the private key", Reason.DPOP_PROOF, (t, token) -> t.proof(token).header("jwk",
                Map.of("kty", "EC", "crv", "P-256", "x", "AA", "y", "AA", "d", "AA")).sign()));
        c.add(dpop("DPoP proof jwk symmetric", Reason.DPOP_PROOF, (t, token) -> t.proof(token).header("jwk",
                Map.of("kty", "oct", "k", b64(SHARED_SECRET))).sign()));
        c.add(dpop("DPoP proof jwk of another key than the signer", Reason.DPOP_BINDING, (t, token) -> t.proof(token).header("jwk",
                DpopProof.publicJwk(SigningKey.generate("other", "ES256"))).sign()));
        c.add(dpop("DPoP proof naming the bound key, signed by another", Reason.DPOP_PROOF, (t, token) -> DpopProof.create(
                SigningKey.generate("other", "ES256"), "GET", t.http.url("/api/data"), Instant.now()).accessToken(token)
                .header("jwk", DpopProof.publicJwk(CLIENT)).sign()));
        c.add(dpop("DPoP proof jwk not on the curve", Reason.DPOP_PROOF, (t, token) -> t.proof(token).header("jwk",
                Map.of("kty", "EC", "crv", "P-256", "x", b64(new byte[32]), "y", b64(new byte[32]))).sign()));
        c.add(dpop("DPoP proof htm POST for a GET", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("htm", "POST").sign()));
        c.add(dpop("DPoP proof htm in lower case", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("htm", "get").sign()));
        c.add(dpop("DPoP proof htu of another host", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("htu", "https://evil.example.com/api/data").sign()));
        c.add(dpop("DPoP proof htu of another path", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("htu", t.http.url("/api/admin").toString()).sign()));
        c.add(dpop("DPoP proof htu a number", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("htu", 1).sign()));
        c.add(dpop("DPoP proof htu not a URI", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("htu", "http://[::1").sign()));
        c.add(dpop("DPoP proof iat ten minutes old", Reason.DPOP_PROOF, (t, token) -> t.proof(token).issuedAt(Instant.now().minusSeconds(600)).sign()));
        c.add(dpop("DPoP proof iat ten minutes ahead", Reason.DPOP_PROOF, (t, token) -> t.proof(token).issuedAt(Instant.now().plusSeconds(600)).sign()));
        c.add(dpop("DPoP proof iat a string", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("iat", String.valueOf(Instant.now().getEpochSecond())).sign()));
        c.add(dpop("DPoP proof iat 1e400", Reason.DPOP_PROOF, (t, token) -> t.rawProof(t.proofHeader(token),
                t.proofClaims(token).replaceFirst("\"iat\":\\d+", "\"iat\":1e400"))));
        c.add(dpop("DPoP proof without jti", Reason.DPOP_PROOF, (t, token) -> t.proof(token).without("jti").sign()));
        c.add(dpop("DPoP proof jti a number", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("jti", 7).sign()));
        c.add(dpop("DPoP proof jti of 257 characters", Reason.DPOP_PROOF, (t, token) -> t.proof(token).jti("j".repeat(257)).sign()));
        c.add(dpop("DPoP proof without ath", Reason.DPOP_PROOF, (t, token) -> t.proof(token).without("ath").sign()));
        c.add(dpop("DPoP proof ath of another token", Reason.DPOP_PROOF, (t, token) -> t.proof(token).accessToken(t.bound()).sign()));
        c.add(dpop("DPoP proof ath an array", Reason.DPOP_PROOF, (t, token) -> t.proof(token).claim("ath", List.of("x")).sign()));
        c.add(dpop("DPoP proof by another key than cnf.jkt", Reason.DPOP_BINDING, (t, token) -> DpopProof.create(
                SigningKey.generate("other", "ES256"), "GET", t.http.url("/api/data"), Instant.now()).accessToken(token).sign()));
        c.add(header("bound token sent as Bearer", 401, INVALID_TOKEN, Reason.DPOP_BINDING, t -> bearer(t.bound())));
        c.add(new Case("cnf with jkt and a certificate binding, a valid proof, no certificate", t -> {
            String token = t.token().claim("cnf", Map.of("jkt", DpopProof.thumbprint(CLIENT), "x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")).sign();
            return List.of("Authorization", "DPoP " + token, "DPoP", t.proof(token).sign());
        }, 401, INVALID_TOKEN, Reason.DPOP_BINDING));
        c.add(header("DPoP scheme without a token", 400, INVALID_REQUEST, null, t -> List.of("Authorization", "DPoP ")));
        c.add(new Case("bound token with a valid proof", t -> {
            String token = t.bound();
            return List.of("Authorization", "DPoP " + token, "DPoP", t.proof(token).sign());
        }, 200, NONE, null));
        c.add(new Case("bound token with a valid proof, the DPoP header name in lower case", t -> {
            String token = t.bound();
            return List.of("Authorization", "dpop " + token, "dpop", t.proof(token).sign());
        }, 200, NONE, null));
        // JWKS content
        c.add(rejected("HS256 keyed with the key set's symmetric secret", Reason.ALGORITHM, t -> hmac("HS256", SHARED_SECRET, t.token().header("kid", "shared-secret"))));
        c.add(rejected("RS256 naming the key set's symmetric key", Reason.UNKNOWN_KEY, t -> t.token().header("kid", "shared-secret").sign()));
        c.add(rejected("key published for encryption", Reason.UNKNOWN_KEY, t -> t.token().signedWith(ENCRYPTION).sign()));
        c.add(rejected("key published for another algorithm", Reason.ALGORITHM, t -> t.token().signedWith(WRONG_ALG).sign()));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestIsAnsweredPrecisely(Case hostile) {
        List<String> headers = hostile.headers().apply(this);
        Http.Reply reply = http.get("/api/data", headers.toArray(String[]::new));
        assertThat(reply.status()).as(reply.body()).isEqualTo(hostile.status());
        if (hostile.status() == 200) {
            assertThat(reply.json().path("message").asText()).startsWith("Data for user");
            return;
        }
        String challenge = reply.header("WWW-Authenticate");
        if (hostile.error() == null) {
            assertThat(challenge).isEqualTo("Bearer realm=\"api\", resource_metadata=\"" + http.url("/.well-known/oauth-protected-resource") + "\"");
            assertThat(reply.code()).isEqualTo(INVALID_TOKEN);
        } else {
            // DPoP refusals (and every refusal of a request that used DPoP) are DPoP challenges (RFC 9449 §7.1)
            boolean usedDpop = headers.size() >= 2 && headers.get(0).equals("Authorization") && headers.get(1).regionMatches(true, 0, "DPoP", 0, 4);
            String scheme = usedDpop || hostile.reason() != null && hostile.reason().name().startsWith("DPOP") ? "DPoP" : "Bearer";
            assertThat(challenge).startsWith(scheme + " realm=\"api\", error=\"" + hostile.error() + "\"");
            assertThat(reply.code()).isEqualTo(hostile.error());
        }
        if (hostile.reason() != null) {
            // the check the case names is the one that refused it
            assertThat(reply.json().path("message").asText()).as("refused by").isEqualTo(hostile.reason().description());
            if (hostile.reason() != Reason.MISSING) {
                assertThat(challenge).contains("error_description=\"" + hostile.reason().description() + "\"");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void everyRefusalNamesTheCheckThatRefusedIt() {
        assertThat(cases().filter(c -> c.status() == 401)).allMatch(c -> c.reason() != null);
    }

    @org.junit.jupiter.api.Test
    void catalogueHasAtLeastSixtyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(60);
    }
}
