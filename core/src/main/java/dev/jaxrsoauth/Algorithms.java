package dev.jaxrsoauth;

import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.EdECKey;
import java.util.Set;

/** The asymmetric JWS algorithms (RFC 7518 §3, RFC 8037, RFC 9864) and which keys may verify each. */
final class Algorithms {

    static final Set<String> ASYMMETRIC = Set.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519", "Ed448");
    static final int MIN_RSA_BITS = 2048;

    private Algorithms() {
    }

    /** @return whether the key's type (and curve or size) fits the algorithm */
    static boolean fits(String algorithm, Key key) {
        if (algorithm.startsWith("RS") || algorithm.startsWith("PS")) {
            return key instanceof RSAKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS
                    && !RocaFingerprint.matches(rsa.getModulus());
        }
        if (algorithm.startsWith("ES")) {
            int bits = key instanceof ECKey ec ? ec.getParams().getCurve().getField().getFieldSize() : 0;
            return switch (algorithm) {
                case "ES256" -> bits == 256;
                case "ES384" -> bits == 384;
                case "ES512" -> bits == 521;
                default -> false;
            };
        }
        if (!(key instanceof EdECKey ed)) {
            return false;
        }
        String curve = ed.getParams().getName();
        // RFC 9864's fully specified names bind the curve; EdDSA (RFC 8037) takes either
        return switch (algorithm) {
            case "EdDSA" -> curve.equals("Ed25519") || curve.equals("Ed448");
            case "Ed25519", "Ed448" -> curve.equals(algorithm);
            default -> false;
        };
    }
}
