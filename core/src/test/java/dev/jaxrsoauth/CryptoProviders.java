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

    /**
     * @param name {@code bc}, {@code accp} or {@code conscrypt}
     * @return a new instance of it
     * @throws IllegalStateException when it cannot load here (the run must fail, not silently test the JDK)
     */
    static Provider load(String name) {
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
