package dev.jaxrsoauth.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/** Nimbus JOSE+JWT's {@code DefaultJWTProcessor} with type and claims verifiers (EdDSA would need Google Tink). */
@State(Scope.Thread)
public class NimbusBenchmark extends BenchmarkDefaults {

    @Param({"RS256", "ES256"})
    public String alg;

    private Fixture fixture;
    private DefaultJWTProcessor<SecurityContext> processor;
    private int next;

    @Setup(Level.Trial)
    public void setUp(JvmProvider jvm) {
        fixture = new Fixture(alg);
        jvm.check(alg, fixture.publicKey());
        JWK jwk = alg.equals("RS256")
                ? new RSAKey.Builder((RSAPublicKey) fixture.publicKey()).keyID(fixture.key.keyId()).build()
                : new ECKey.Builder(Curve.P_256, (ECPublicKey) fixture.publicKey()).keyID(fixture.key.keyId()).build();
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg), new ImmutableJWKSet<>(new JWKSet(jwk))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Fixture.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(fixture.issuer()).build(), Set.of("exp", "sub")));
        Fixture.check("nimbus", t -> processor.process(t, null), fixture);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Object nimbusProcessor(JvmProvider jvm) throws Exception {
        return processor.process(fixture.distinct[next++ & (Fixture.DISTINCT - 1)], null);
    }
}
