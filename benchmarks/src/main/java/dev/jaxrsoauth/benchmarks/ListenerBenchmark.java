package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.micrometer.OAuthMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link JaxrsOAuthBenchmark}'s two rows with the Micrometer listener ({@link OAuthMetrics} on a
 * {@code SimpleMeterRegistry}) set: what counting and timing every token costs. Without a listener the validators
 * take their quiet path, which {@link JaxrsOAuthBenchmark} measures.
 */
@State(Scope.Thread)
public class ListenerBenchmark extends BenchmarkDefaults {

    @Param({"RS256"})
    public String alg;

    private Fixture fixture;
    private JwtValidator uncached;
    private JwtValidator cached;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new Fixture(alg);
        OAuthMetrics metrics = new OAuthMetrics(new SimpleMeterRegistry());
        uncached = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE).tokenCacheSize(0)
                .authenticationListener(metrics).keySourceListener(metrics).build();
        cached = JwtValidator.builder().issuer(fixture.issuer()).audience(Fixture.AUDIENCE)
                .authenticationListener(metrics).keySourceListener(metrics).build();
        Fixture.check("jaxrs-oauth metrics cache off", uncached::validate, fixture);
        Fixture.check("jaxrs-oauth metrics cache on", cached::validate, fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object metricsCacheOff() {
        return uncached.validate(fixture.distinct[next++ & (Fixture.DISTINCT - 1)]);
    }

    @Benchmark
    public Object metricsCacheOn() {
        return cached.validate(fixture.token);
    }
}
