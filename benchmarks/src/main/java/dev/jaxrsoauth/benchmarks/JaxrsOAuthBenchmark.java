package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.JwtValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * This library's {@link JwtValidator} on its production path (keys from the issuer's JWKS found by discovery):
 * without the cache on distinct tokens, and with it on one reused token.
 */
@State(Scope.Thread)
public class JaxrsOAuthBenchmark extends BenchmarkDefaults {

    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private Fixture fixture;
    private JwtValidator uncached;
    private JwtValidator cached;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new Fixture(alg);
        uncached = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE).tokenCacheSize(0).build();
        cached = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE).build();
        Fixture.check("jaxrs-oauth cache off", uncached::validate, fixture);
        Fixture.check("jaxrs-oauth cache on", cached::validate, fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object jaxrsOAuthCacheOff() {
        return uncached.validate(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }

    @Benchmark
    public Object jaxrsOAuthCacheOn() {
        return cached.validate(fixture.token);
    }
}
