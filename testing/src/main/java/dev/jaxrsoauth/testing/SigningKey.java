package dev.jaxrsoauth.testing;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.Objects;

/**
 * A signing key pair of the mock authorization server, bound to one JWS algorithm and a key id.
 *
 * <pre>{@code
 * SigningKey key = SigningKey.generate("ec-2", "ES256");
 * server.addKey(key);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SigningKey {

    private static final Map<String, String> CURVES = Map.of("ES256", "secp256r1", "ES384", "secp384r1", "ES512", "secp521r1");
    private static final Map<String, String> JCA = Map.ofEntries(
            Map.entry("RS256", "SHA256withRSA"), Map.entry("RS384", "SHA384withRSA"), Map.entry("RS512", "SHA512withRSA"),
            Map.entry("PS256", "RSASSA-PSS"), Map.entry("PS384", "RSASSA-PSS"), Map.entry("PS512", "RSASSA-PSS"),
            Map.entry("ES256", "SHA256withECDSAinP1363Format"), Map.entry("ES384", "SHA384withECDSAinP1363Format"),
            Map.entry("ES512", "SHA512withECDSAinP1363Format"), Map.entry("EdDSA", "Ed25519"));

    private final String keyId;
    private final String algorithm;
    private final KeyPair keyPair;

    private SigningKey(String keyId, String algorithm, KeyPair keyPair) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.algorithm = algorithm;
        this.keyPair = keyPair;
    }

    /**
     * Generates a key pair for a JWS algorithm: RS*, PS* (RSA 2048), ES256/384/512 or EdDSA (Ed25519).
     *
     * @param keyId the {@code kid} published in the JWKS and put in token headers
     * @param algorithm the JWS {@code alg}
     * @return the new key
     */
    public static SigningKey generate(String keyId, String algorithm) {
        return generate(keyId, algorithm, 2048);
    }

    /**
     * Generates an RSA key of a given size (weak sizes included, for negative tests) for an RS or PS algorithm.
     *
     * @param keyId the {@code kid}
     * @param algorithm RS256/384/512 or PS256/384/512
     * @param rsaBits the modulus length
     * @return the new key
     */
    public static SigningKey generate(String keyId, String algorithm, int rsaBits) {
        if (!JCA.containsKey(algorithm)) {
            throw new IllegalArgumentException("unsupported algorithm: " + algorithm);
        }
        try {
            KeyPairGenerator generator;
            if (algorithm.startsWith("RS") || algorithm.startsWith("PS")) {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(rsaBits);
            } else if (algorithm.startsWith("ES")) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(CURVES.get(algorithm)));
            } else {
                generator = KeyPairGenerator.getInstance("Ed25519");
            }
            return new SigningKey(keyId, algorithm, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    /**
     * A key pair you have, for example a client's DPoP key loaded from a file.
     *
     * @param keyId the {@code kid}
     * @param algorithm the JWS {@code alg} it signs with: RS*, PS*, ES256/384/512 or EdDSA
     * @param keyPair the key pair
     * @return the key
     * @throws IllegalArgumentException if the key pair cannot sign with the algorithm
     */
    public static SigningKey of(String keyId, String algorithm, KeyPair keyPair) {
        if (!JCA.containsKey(algorithm)) {
            throw new IllegalArgumentException("unsupported algorithm: " + algorithm);
        }
        SigningKey key = new SigningKey(keyId, algorithm, Objects.requireNonNull(keyPair, "keyPair"));
        try {
            key.sign(new byte[1]);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("the key pair cannot sign " + algorithm, e);
        }
        return key;
    }

    /** @return the {@code kid} */
    public String keyId() {
        return keyId;
    }

    /** @return the JWS algorithm this key signs with */
    public String algorithm() {
        return algorithm;
    }

    /** @return the public half */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** @return the key pair (tests that sign by hand) */
    public KeyPair keyPair() {
        return keyPair;
    }

    /**
     * Signs a JWS signing input ({@code base64url(header) + "." + base64url(payload)}) in the JOSE format
     * (RFC 7518 §3: raw R||S for ECDSA).
     *
     * @param signingInput the ASCII signing input
     * @return the signature bytes
     */
    public byte[] sign(byte[] signingInput) {
        try {
            Signature signature = Signature.getInstance(JCA.get(algorithm));
            if (algorithm.startsWith("PS")) {
                int bits = Integer.parseInt(algorithm.substring(2));
                String digest = "SHA-" + bits;
                signature.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), bits / 8, 1));
            }
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    /**
     * The public JWK, with {@code kid}, {@code alg} and {@code use: sig}.
     *
     * @return the JWK as JSON
     */
    public String publicJwkJson() {
        PublicJwk<?> jwk = Jwks.builder().key(keyPair.getPublic()).id(keyId).algorithm(algorithm).publicKeyUse("sig").build();
        return Jwks.json(jwk);
    }
}
