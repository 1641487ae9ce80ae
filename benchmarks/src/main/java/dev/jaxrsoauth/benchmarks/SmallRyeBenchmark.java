package dev.jaxrsoauth.benchmarks;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Set;

/** SmallRye JWT's {@code DefaultJWTParser}, without CDI. */
@State(Scope.Thread)
public class SmallRyeBenchmark extends BenchmarkDefaults {

    @Param({"RS256", "ES256"})
    public String alg;

    private Fixture fixture;
    private DefaultJWTParser parser;
    private int next;

    @Setup(Level.Trial)
    public void setUp(JvmProvider jvm) {
        fixture = new Fixture(alg);
        jvm.check(alg, fixture.publicKey());
        JWTAuthContextInfo info = new JWTAuthContextInfo(fixture.publicKey(), fixture.issuer());
        info.setExpectedAudience(Set.of(Fixture.AUDIENCE));
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.fromAlgorithm(alg)));
        parser = new DefaultJWTParser(info);
        Fixture.check("smallrye", parser::parse, fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object smallRyeParser(JvmProvider jvm) throws Exception {
        return parser.parse(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }
}
