package dev.jaxrsoauth.benchmarks;

import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Plain jjwt 0.13, the parser built once, checking iss and aud like the others. */
@State(Scope.Thread)
public class JjwtBenchmark extends BenchmarkDefaults {

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private Fixture fixture;
    private JwtParser verifyWith;
    private JwtParser keyLocator;
    private int next;

    @Setup(Level.Trial)
    public void setUp(JvmProvider jvm) {
        fixture = new Fixture(alg);
        jvm.check(alg, fixture.publicKey());
        verifyWith = Jwts.parser().verifyWith(fixture.publicKey())
                .requireIssuer(fixture.issuer()).requireAudience(Fixture.AUDIENCE).build();
        keyLocator = Jwts.parser().keyLocator(header -> fixture.publicKey())
                .requireIssuer(fixture.issuer()).requireAudience(Fixture.AUDIENCE).build();
        Fixture.check("jjwt verifyWith", t -> verifyWith.parseSignedClaims(t), fixture);
        Fixture.check("jjwt keyLocator", t -> keyLocator.parseSignedClaims(t), fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object jjwtVerifyWith(JvmProvider jvm) {
        return verifyWith.parseSignedClaims(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }

    @Benchmark
    public Object jjwtKeyLocator(JvmProvider jvm) {
        return keyLocator.parseSignedClaims(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }
}
