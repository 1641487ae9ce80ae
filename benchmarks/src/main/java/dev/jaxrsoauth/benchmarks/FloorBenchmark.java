package dev.jaxrsoauth.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/** The floor: {@code java.security.Signature} verifying the signing input alone (no parsing, no claims). */
@State(Scope.Thread)
public class FloorBenchmark extends BenchmarkDefaults {

    private static final Map<String, String> JCA = Map.of("RS256", "SHA256withRSA",
            "ES256", "SHA256withECDSAinP1363Format", "EdDSA", "Ed25519");

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private Fixture fixture;
    private Signature signature;
    private byte[] input;
    private byte[] signatureBytes;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        fixture = new Fixture(alg);
        signature = Signature.getInstance(JCA.get(alg));
        input = fixture.token.substring(0, fixture.token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        signatureBytes = Base64.getUrlDecoder().decode(fixture.token.substring(fixture.token.lastIndexOf('.') + 1));
        Fixture.check("floor", t -> {
            byte[] in = t.substring(0, t.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
            signature.initVerify(fixture.publicKey());
            signature.update(in);
            if (!signature.verify(Base64.getUrlDecoder().decode(t.substring(t.lastIndexOf('.') + 1)))) {
                throw new GeneralSecurityException("bad signature");
            }
            return Boolean.TRUE;
        }, fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public boolean jcaVerify() throws GeneralSecurityException {
        signature.initVerify(fixture.publicKey());
        signature.update(input);
        return signature.verify(signatureBytes);
    }
}
