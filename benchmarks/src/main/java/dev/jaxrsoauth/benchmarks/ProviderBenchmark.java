package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.JwtValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.Base64;

/**
 * Each crypto provider ({@code cryptoProvider(..)}) side by side in one run: ours without the cache on distinct tokens,
 * ours with the cache on one reused token, and the floor, the JCA signature check alone with the same provider (or the
 * JDK's where the provider lacks the algorithm: Conscrypt has no EdDSA, and ours falls back the same way), with the
 * provider's own key object as ours uses. The ECDSA floor verifies the DER form with {@code SHA256withECDSA}, as jjwt
 * asks every provider to.
 * One fork, five warm-up and five measured seconds: 12 combinations, one run.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProviderBenchmark extends BenchmarkDefaults {

    @Param({"jdk", "bc", "accp", "conscrypt"})
    public String provider;

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private Fixture fixture;
    private JwtValidator uncached;
    private JwtValidator cached;
    private Signature signature;
    private java.security.PublicKey floorKey;
    private byte[][] inputs;
    private byte[][] signatures;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        fixture = new Fixture(alg);
        Provider p = Providers.load(provider);
        JwtValidator.Builder off = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE).tokenCacheSize(0);
        JwtValidator.Builder on = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE);
        if (p != null) {
            off.cryptoProvider(p);
            on.cryptoProvider(p);
        }
        uncached = off.build();
        cached = on.build();
        Fixture.check("jaxrs-oauth " + provider + " cache off", uncached::validate, fixture);
        Fixture.check("jaxrs-oauth " + provider + " cache on", cached::validate, fixture);
        // ECDSA as jjwt hands it to every provider: SHA256withECDSA over the DER form of R || S
        String name = Providers.JCA.get(alg);
        signature = p != null && p.getService("Signature", name) != null ? Signature.getInstance(name, p) : Signature.getInstance(name);
        // the provider's own key object, as ours hands it (a foreign one may be converted on every verification)
        floorKey = fixture.publicKey();
        if (p != null && p.getService("KeyFactory", floorKey.getAlgorithm()) != null) {
            try {
                floorKey = (java.security.PublicKey) java.security.KeyFactory.getInstance(floorKey.getAlgorithm(), p).translateKey(floorKey);
            } catch (java.security.InvalidKeyException keptForeign) {
                // BouncyCastle's EdDSA factory does not take the JDK's EdDSA keys: its signature converts them itself, as for ours
            }
        }
        inputs = new byte[Fixture.DISTINCT][];
        signatures = new byte[Fixture.DISTINCT][];
        for (int i = 0; i < Fixture.DISTINCT; i++) {
            String token = fixture.distinct[i];
            int dot = token.lastIndexOf('.');
            inputs[i] = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            byte[] raw = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            signatures[i] = alg.equals("ES256") ? Providers.der(raw) : raw;
        }
        if (!floor()) {
            throw new IllegalStateException("the floor does not verify with " + provider);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object oursCacheOff() {
        return uncached.validate(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }

    @Benchmark
    public Object oursCacheOn() {
        return cached.validate(fixture.token);
    }

    @Benchmark
    public boolean floor() throws GeneralSecurityException {
        int i = next++ & (Fixture.DISTINCT - 1);
        signature.initVerify(floorKey);
        signature.update(inputs[i]);
        return signature.verify(signatures[i]);
    }
}
