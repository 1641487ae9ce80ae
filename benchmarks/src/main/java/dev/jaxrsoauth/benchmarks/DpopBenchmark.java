package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.TokenRequest;
import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.SigningKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * What DPoP adds to a request: the same RS256 access token, validated from the token cache as a bearer token, and as
 * a DPoP-bound token with a proof (ES256 or EdDSA client key) that is parsed, verified and checked against the request
 * on every call; beside it, the JCA floor of the proof's signature alone (DER ECDSA, as jjwt asks providers); each with
 * the JDK's providers and with each crypto provider ({@code cryptoProvider(..)}). Proofs cycle through 1,024 distinct ones;
 * the replay store accepts every one (its cost is a map insert, measured apart from the cryptography).
 */
@State(Scope.Thread)
public class DpopBenchmark extends BenchmarkDefaults {

    private static final URI URL = URI.create("https://api.example.com/api/data");

    @Param({"ES256", "EdDSA"})
    public String proofAlg;

    /** The crypto provider proofs (and tokens) are verified with: {@code cryptoProvider(..)}, or the JDK's. */
    @Param({"jdk", "bc", "accp", "conscrypt"})
    public String provider;

    private java.security.Provider jca;

    private Fixture fixture;
    private JwtValidator validator;
    private String bearerToken;
    private String boundToken;
    private final TokenRequest[] requests = new TokenRequest[Fixture.DISTINCT];
    private final byte[][] signingInputs = new byte[Fixture.DISTINCT][];
    private final byte[][] signatures = new byte[Fixture.DISTINCT][];
    private SigningKey client;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        fixture = new Fixture("RS256");
        client = SigningKey.generate("client", proofAlg);
        jca = Providers.load(provider);
        JwtValidator.Builder builder = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE)
                .dpopReplayCache((key, lifetime) -> true);
        validator = (jca == null ? builder : builder.cryptoProvider(jca)).build();
        bearerToken = fixture.token;
        boundToken = fixture.server.token().dpopBound(client).scope("read write")
                .expiresAt(Instant.now().plusSeconds(7200)).sign();
        for (int i = 0; i < Fixture.DISTINCT; i++) {
            String proof = DpopProof.create(client, "GET", URL, Instant.now()).accessToken(boundToken).sign();
            requests[i] = TokenRequest.builder(TokenRequest.Scheme.DPOP, boundToken).method("GET").uri(URL)
                    .headers(name -> name.equalsIgnoreCase("DPoP") ? List.of(proof) : null).build();
            int dot = proof.lastIndexOf('.');
            signingInputs[i] = proof.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            byte[] raw = Base64.getUrlDecoder().decode(proof.substring(dot + 1));
            // ECDSA as jjwt hands it to every provider: SHA256withECDSA over the DER form of R || S
            signatures[i] = proofAlg.equals("ES256") ? Providers.der(raw) : raw;
        }
        // the rows below measure real work: a proof for another request and a bound token as Bearer are refused
        validator.validate(requests[0]);
        validator.validate(TokenRequest.bearer(bearerToken));
        String wrong = DpopProof.create(client, "POST", URL, Instant.now()).accessToken(boundToken).sign();
        expectRefusal(() -> validator.validate(TokenRequest.builder(TokenRequest.Scheme.DPOP, boundToken).method("GET").uri(URL)
                .headers(name -> name.equalsIgnoreCase("DPoP") ? List.of(wrong) : null).build()));
        expectRefusal(() -> validator.validate(TokenRequest.bearer(boundToken)));
        if (!floor(0)) {
            throw new IllegalStateException("the floor does not verify the proof");
        }
    }

    private static void expectRefusal(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException expected) {
            return;
        }
        throw new IllegalStateException("accepted what must be refused");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** The baseline: a cached RS256 bearer token. */
    @Benchmark
    public Object bearerCacheOn() {
        return validator.validate(TokenRequest.bearer(bearerToken));
    }

    /** The same token cache hit, plus a proof verified and checked: what DPoP costs per request. */
    @Benchmark
    public Object dpopCacheOn() {
        return validator.validate(requests[next++ & (Fixture.DISTINCT - 1)]);
    }

    /** The proof's signature check alone, with the JCA: the floor for {@link #dpopCacheOn}'s extra work. */
    @Benchmark
    public boolean proofSignatureFloor() throws GeneralSecurityException {
        return floor(next++ & (Fixture.DISTINCT - 1));
    }

    private boolean floor(int i) throws GeneralSecurityException {
        String name = proofAlg.equals("ES256") ? "SHA256withECDSA" : "Ed25519";
        Signature signature = jca != null && jca.getService("Signature", name) != null ? Signature.getInstance(name, jca) : Signature.getInstance(name);
        signature.initVerify(client.publicKey());
        signature.update(signingInputs[i]);
        return signature.verify(signatures[i]);
    }
}
