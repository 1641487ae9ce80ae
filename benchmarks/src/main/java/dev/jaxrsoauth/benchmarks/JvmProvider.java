package dev.jaxrsoauth.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;

/**
 * The crypto provider the peers verify with. They have no provider setting of their own that all of them share, and
 * each asks the JCA by algorithm name, so the provider goes first in the JVM's order ({@code Security.insertProviderAt});
 * JMH runs every parameter value in forks of its own, so one fork never sees another's order. {@code jdk} (the
 * default) leaves the order alone. Run the peers per provider with {@code -p provider=jdk,bc,accp,conscrypt}; ours
 * per provider is {@link ProviderBenchmark} ({@code cryptoProvider(..)}, nothing JVM-wide).
 */
@State(Scope.Benchmark)
public class JvmProvider {

    @Param({"jdk"})
    public String provider;

    private Provider installed;

    /** Puts the provider first. */
    @Setup(Level.Trial)
    public void install() {
        installed = Providers.load(provider);
        if (installed != null && Security.insertProviderAt(installed, 1) != 1) {
            throw new IllegalStateException("provider " + provider + " is not first: another instance of it was installed");
        }
    }

    /**
     * Fails the trial unless the JCA hands a peer's lookup for this algorithm and key to the provider, where it has the
     * algorithm at all (Conscrypt has no Ed25519: the JDK's, as for ours).
     *
     * @param alg the JWS algorithm
     * @param key the key the peer verifies with
     */
    void check(String alg, PublicKey key) {
        try {
            String name = Providers.JCA.get(alg);
            Signature signature = Signature.getInstance(name);
            signature.initVerify(key);
            if (installed != null && installed.getService("Signature", name) != null && signature.getProvider() != installed) {
                throw new IllegalStateException(alg + " is verified by " + signature.getProvider().getName() + ", not " + provider);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
