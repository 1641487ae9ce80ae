package dev.jaxrsoauth;

import java.security.Provider;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JCA providers signature verification is tested with: the JDK's (no setting), BouncyCastle, Amazon Corretto Crypto
 * Provider (AWS-LC) and Conscrypt (BoringSSL). The build runs the hostile catalogue and the Wycheproof vectors once per
 * provider, naming it in the system property {@value #PROPERTY}; each run checks that the provider was really used.
 */
final class CryptoProviders {

    /** The system property the provider runs set: {@code jdk} (default), {@code bc}, {@code accp}, {@code conscrypt}. */
    static final String PROPERTY = "jaxrsoauth.test.crypto-provider";
    static final List<String> NAMES = List.of("bc", "accp", "conscrypt");

    private CryptoProviders() {
    }

    /** A provider that counts the signature services asked of it, and hands out the real provider's. */
    static final class Counting extends Provider {
        private static final long serialVersionUID = 1L;
        private final transient Provider delegate;
        private final transient AtomicInteger signatures = new AtomicInteger();
        private final transient AtomicInteger keyFactories = new AtomicInteger();

        Counting(Provider delegate) {
            super("Counting-" + delegate.getName(), "1.0", "counts the signature services of " + delegate.getName());
            this.delegate = delegate;
        }

        @Override
        public synchronized Service getService(String type, String algorithm) {
            Service service = delegate.getService(type, algorithm);
            if (service != null && type.equals("Signature")) {
                signatures.incrementAndGet();
            }
            if (type.equals("KeyFactory")) {
                keyFactories.incrementAndGet();
            }
            return service;
        }

        @Override
        public synchronized java.util.Set<Service> getServices() {
            return delegate.getServices();
        }

        /** @return how many signature services were handed out */
        int signatures() {
            return signatures.get();
        }

        /** @return how many key factories were asked for */
        int keyFactories() {
            return keyFactories.get();
        }

        /** @return the real provider */
        Provider delegate() {
            return delegate;
        }
    }

    /** @return the provider the system property names, counted; {@code null} for the JDK's (no setting) */
    static Counting selected() {
        String name = System.getProperty(PROPERTY, "jdk").trim().toLowerCase(Locale.ROOT);
        return name.equals("jdk") ? null : new Counting(load(name));
    }

    /** @return whether this is the platform the build's native providers are for (CI's): Linux on x86-64 */
    static boolean nativePlatform() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /**
     * What a provider may hand to the JVM's providers in a run (by algorithm and key kind): Conscrypt has no EdDSA and
     * no RSASSA-PSS (found by this check); Ed448 is in none of the native ones; the rest must be verified by the
     * provider itself.
     *
     * @return whether {@code kind} (from {@code JwsVerifier.fallbacks}) is an expected fallback of the provider
     */
    static boolean expectedFallback(Provider provider, String kind) {
        String name = provider instanceof Counting counting ? counting.delegate().getName() : provider.getName();
        return name.equals("Conscrypt") && kind.matches("(EdDSA|Ed25519|Ed448)/Ed(25519|448)|PS(256|384|512)/RSA")
                || kind.matches("(EdDSA|Ed448)/Ed448");
    }

    /**
     * @param name {@code bc}, {@code accp} or {@code conscrypt}
     * @return a new instance of it
     * @throws IllegalStateException when it cannot load on Linux x86-64 (the run must fail, not silently test the JDK);
     *         elsewhere (macOS, arm64) the native ones are skipped with a reason
     */
    static Provider load(String name) {
        try {
            return loadHere(name);
        } catch (IllegalStateException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(nativePlatform() || name.equals("bc"),
                    "the build's " + name + " jar has no native library for " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            throw e;
        }
    }

    private static Provider loadHere(String name) {
        try {
            return switch (name) {
                case "bc" -> (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider").getConstructor().newInstance();
                case "accp" -> {
                    Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
                    Provider accp = (Provider) type.getField("INSTANCE").get(null);
                    type.getMethod("assertHealthy").invoke(accp);
                    yield accp;
                }
                case "conscrypt" -> (Provider) Class.forName("org.conscrypt.Conscrypt").getMethod("newProvider").invoke(null);
                default -> throw new IllegalStateException(PROPERTY + " must be jdk, bc, accp or conscrypt, got " + name);
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("crypto provider " + name + " cannot load here: " + e, e);
        }
    }
}
