package dev.jaxrsoauth.benchmarks;

import java.security.Provider;

/** The crypto providers the benchmarks compare: {@code jdk} (no setting), {@code bc}, {@code accp}, {@code conscrypt}. */
final class Providers {

    /** The JCA signature names the peers ask for, by JWS algorithm (ECDSA in the DER form jjwt hands every provider). */
    static final java.util.Map<String, String> JCA = java.util.Map.of("RS256", "SHA256withRSA", "ES256", "SHA256withECDSA", "EdDSA", "Ed25519");

    private Providers() {
    }

    /**
     * @param raw an ECDSA signature as JWS carries it: R || S, each half the length
     * @return the ASN.1 DER form a JCA {@code SHA256withECDSA} verifies (what jjwt hands every provider), by BouncyCastle's ASN.1
     */
    static byte[] der(byte[] raw) {
        int half = raw.length / 2;
        java.math.BigInteger r = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, half));
        java.math.BigInteger s = new java.math.BigInteger(1, java.util.Arrays.copyOfRange(raw, half, raw.length));
        try {
            return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new org.bouncycastle.asn1.ASN1Integer(r), new org.bouncycastle.asn1.ASN1Integer(s)}).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the provider, or {@code null} for the JDK's own (the JVM's order) */
    static Provider load(String name) {
        try {
            return switch (name) {
                case "jdk" -> null;
                case "bc" -> (Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider").getConstructor().newInstance();
                case "accp" -> {
                    Class<?> type = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
                    Provider accp = (Provider) type.getField("INSTANCE").get(null);
                    type.getMethod("assertHealthy").invoke(accp);
                    yield accp;
                }
                case "conscrypt" -> (Provider) Class.forName("org.conscrypt.Conscrypt").getMethod("newProvider").invoke(null);
                default -> throw new IllegalArgumentException(name);
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("provider " + name + " cannot load here", e);
        }
    }
}
