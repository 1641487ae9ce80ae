package dev.jaxrsoauth.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Auth0 java-jwt's {@code JWTVerifier} (no EdDSA support). */
@State(Scope.Thread)
public class JavaJwtBenchmark extends BenchmarkDefaults {

    @Param({"RS256", "ES256"})
    public String alg;

    private Fixture fixture;
    private JWTVerifier verifier;
    private int next;

    @Setup(Level.Trial)
    public void setUp(JvmProvider jvm) {
        fixture = new Fixture(alg);
        jvm.check(alg, fixture.publicKey());
        Algorithm algorithm = alg.equals("RS256") ? Algorithm.RSA256((RSAPublicKey) fixture.publicKey(), null)
                : Algorithm.ECDSA256((ECPublicKey) fixture.publicKey(), null);
        verifier = JWT.require(algorithm).withIssuer(fixture.issuer()).withAudience(Fixture.AUDIENCE).build();
        Fixture.check("java-jwt", verifier::verify, fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object javaJwtVerifier(JvmProvider jvm) {
        return verifier.verify(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }
}
