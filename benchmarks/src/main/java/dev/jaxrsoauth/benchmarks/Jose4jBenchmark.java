package dev.jaxrsoauth.benchmarks;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** jose4j's {@code JwtConsumer}: algorithm, type, issuer, audience and expiry checked. */
@State(Scope.Thread)
public class Jose4jBenchmark extends BenchmarkDefaults {

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private Fixture fixture;
    private JwtConsumer consumer;
    private int next;

    @Setup(Level.Trial)
    public void setUp(JvmProvider jvm) {
        fixture = new Fixture(alg);
        jvm.check(alg, fixture.publicKey());
        consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setExpectedIssuer(fixture.issuer())
                .setExpectedAudience(Fixture.AUDIENCE)
                .setExpectedType(true, "at+jwt")
                .setVerificationKey(fixture.publicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
                .build();
        Fixture.check("jose4j", consumer::processToClaims, fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object jose4jJwtConsumer(JvmProvider jvm) throws Exception {
        return consumer.processToClaims(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }
}
