package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SignatureAlgorithm;
import io.jsonwebtoken.security.VerifySecureDigestRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the key for a checked {@link CompactJws} and verifies its signature with jjwt's algorithm, then reads the
 * payload as one strict JSON object. Returns what verified as a value: no callback, no side channel.
 */
final class JwsVerifier {

    /**
     * A verified JWS.
     *
     * @param jws the JWS, its header included
     * @param claims the payload, one JSON object, not yet checked
     * @param key the key that verified the signature
     */
    record Verified(CompactJws jws, Map<String, Object> claims, PublicKey key) {
    }

    private final KeySource keys;
    private final Provider provider;
    /**
     * The provider's own form of each key the key source hands out, made once: a provider given a key object of
     * another provider may convert it on every verification (BouncyCastle's ECDSA did: about 90 µs a token). By
     * identity and weakly held, and the value never refers to the key itself, so a key that rotated out goes with its
     * key set.
     */
    private final Cache<PublicKey, Own> providerKeys;

    /** The provider's own key object, or {@code null}: the original serves (no translation, or none that is the same key). */
    private record Own(PublicKey key) {
    }

    /** @param provider the JCA provider for signature verification, or {@code null} for the JDK's preference order */
    JwsVerifier(KeySource keys, Provider provider) {
        this.keys = keys;
        this.provider = provider;
        this.providerKeys = provider == null ? null
                : Caffeine.newBuilder().weakKeys().maximumSize(1024).executor(Runnable::run).build();
    }

    /**
     * @throws InvalidTokenException for an unknown key, one that does not fit the algorithm, a bad signature, or a
     *                               payload that is not one JSON object
     * @throws AuthorizationServerException when the key source cannot answer
     */
    Verified verify(CompactJws jws) {
        PublicKey key = verifySignature(jws);
        return new Verified(jws, claims(jws), key);
    }

    /** @return the key that verified the signature; the payload is not read */
    PublicKey verifySignature(CompactJws jws) {
        PublicKey key = key(jws);
        PublicKey own = providerKeys == null ? null : providerKeys.get(key, k -> new Own(translated(k, provider))).key();
        verifySignature(jws, key, own == null ? key : own, provider);
        return key;
    }

    /**
     * @return the key as the provider's own key object, or {@code null} when the provider cannot translate it (it
     *         lacks the algorithm), keeps it as it is, or makes something that is not provably the same key of the same
     *         kind (still an RSA or EC key where the original is one, so that every check on the key object holds):
     *         then the original serves, never a refusal
     */
    static PublicKey translated(PublicKey key, Provider provider) {
        try {
            if (KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key) instanceof PublicKey own
                    && own != key && sameKey(key, own)) {
                return own;
            }
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // the provider's own way then: it converts the key itself, or the JVM's providers verify
        }
        return null;
    }

    /**
     * @return whether {@code own} is {@code key} in another provider's object: the same RSA modulus and exponent, the
     *         same EC point on the same curve (providers encode EC parameters differently), else the same encoding
     */
    private static boolean sameKey(PublicKey key, PublicKey own) {
        if (key instanceof RSAPublicKey rsa) {
            return own instanceof RSAPublicKey other && rsa.getModulus().equals(other.getModulus())
                    && rsa.getPublicExponent().equals(other.getPublicExponent());
        }
        if (key instanceof ECPublicKey ec) {
            if (!(own instanceof ECPublicKey other)) {
                return false;
            }
            ECParameterSpec a = ec.getParams();
            ECParameterSpec b = other.getParams();
            return ec.getW().equals(other.getW()) && a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                    && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
        }
        return Arrays.equals(key.getEncoded(), own.getEncoded());
    }

    private PublicKey key(CompactJws jws) {
        Optional<PublicKey> found;
        try {
            found = keys.find(jws.keyId(), jws.algorithm());
        } catch (OAuthException e) {
            throw e;
        } catch (RuntimeException e) {
            // a failing key source is the server's problem, never the client's: 500, not 401
            throw new AuthorizationServerException("key source failed: " + e, e);
        }
        if (found == null || found.isEmpty()) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "no key for kid " + LogText.printable(jws.keyId())
                    + " and alg " + jws.algorithm());
        }
        return found.get();
    }

    /** Verifies with jjwt's implementation of {@code alg}, and only with a key whose type, curve or size fits it. */
    static void verifySignature(CompactJws jws, PublicKey key, Provider provider) {
        verifySignature(jws, key, key, provider);
    }

    /**
     * @param key the key, as checked against {@code alg} and as the JVM's providers verify with it
     * @param providerKey the same key as the provider's own object, for the provider
     */
    private static void verifySignature(CompactJws jws, PublicKey key, PublicKey providerKey, Provider provider) {
        if (!Algorithms.fits(jws.algorithm(), key)) {
            throw new InvalidTokenException(Reason.ALGORITHM, "the key does not fit alg " + jws.algorithm());
        }
        if (jws.algorithm().startsWith("ES") && jws.signature().length != 2 * ecFieldBytes(jws.algorithm())) {
            // RFC 7518 §3.4: exactly R || S; never a DER signature, whatever a JVM-wide jjwt switch says
            throw new InvalidTokenException(Reason.SIGNATURE, "ECDSA signature is not " + 2 * ecFieldBytes(jws.algorithm()) + " bytes");
        }
        // RFC 9864's Ed25519 and Ed448 are EdDSA with the curve fixed (the key's curve was checked above)
        String name = jws.algorithm().startsWith("Ed") ? "EdDSA" : jws.algorithm();
        SecureDigestAlgorithm<?, ?> algorithm = Jwts.SIG.get().get(name);
        if (!(algorithm instanceof SignatureAlgorithm signature)) {
            throw new InvalidTokenException(Reason.ALGORITHM, "alg " + jws.algorithm() + " is no signature algorithm");
        }
        boolean valid;
        try {
            valid = verify(signature, jws, key, providerKey, provider);
        } catch (io.jsonwebtoken.security.InvalidKeyException e) {
            throw new InvalidTokenException(Reason.ALGORITHM, "the key does not fit alg " + jws.algorithm() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // a signature of the wrong length or encoding is a bad signature, whatever the provider calls it
            throw new InvalidTokenException(Reason.SIGNATURE, "signature rejected: " + e.getClass().getSimpleName(), e);
        }
        if (!valid) {
            throw new InvalidTokenException(Reason.SIGNATURE, "signature does not verify");
        }
    }

    /**
     * What each configured provider was found not to implement, by provider object (identity: a {@code Provider} is a
     * {@code Properties}, whose equality is its contents) and by algorithm and key kind ({@code EdDSA/Ed448}): those are
     * verified by the JVM's providers. Providers are few and live as long as the process.
     */
    private static final Map<ProviderId, Set<String>> UNSUPPORTED = new ConcurrentHashMap<>();

    /** A provider by identity. */
    private record ProviderId(Provider provider) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ProviderId id && id.provider == provider;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(provider);
        }
    }
    private static final System.Logger LOG = System.getLogger(JwsVerifier.class.getName());

    /**
     * Verifies with the configured provider, or with the JVM's providers for an algorithm and key kind it does not
     * implement (Conscrypt has no EdDSA and no RSASSA-PSS): a missing algorithm is never a bad signature. Logged once per
     * provider and kind.
     */
    private static boolean verify(SignatureAlgorithm signature, CompactJws jws, PublicKey key, PublicKey providerKey, Provider provider) {
        if (provider != null) {
            String kind = jws.algorithm() + '/' + keyKind(key);
            Set<String> lacking = UNSUPPORTED.computeIfAbsent(new ProviderId(provider), p -> ConcurrentHashMap.newKeySet());
            if (!lacking.contains(kind)) {
                try {
                    return signature.verify(new Request(jws.signingInput(), providerKey, jws.signature(), provider));
                } catch (RuntimeException e) {
                    if (!causedBy(e, NoSuchAlgorithmException.class)) {
                        throw e;
                    }
                    if (lacking.add(kind)) {
                        LOG.log(System.Logger.Level.INFO, "the crypto provider " + provider.getName() + " does not implement " + kind
                                + ": such signatures are verified by the JVM's providers");
                    }
                }
            }
        }
        return signature.verify(new Request(jws.signingInput(), key, jws.signature(), null));
    }

    /** @return the key's kind as far as a provider may lack it: RSA, or the curve of an EC or EdDSA key */
    private static String keyKind(PublicKey key) {
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        if (key instanceof ECKey ec) {
            return "EC-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }

    /** @return what the provider was found to lack so far (tests: a provider run that fell back must say where) */
    static Set<String> fallbacks(Provider provider) {
        Set<String> lacking = UNSUPPORTED.get(new ProviderId(provider));
        return lacking == null ? Set.of() : Set.copyOf(lacking);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static int ecFieldBytes(String algorithm) {
        return switch (algorithm) {
            case "ES384" -> 48;
            case "ES512" -> 66;
            default -> 32;
        };
    }

    private static Map<String, Object> claims(CompactJws jws) {
        try {
            return Json.object(jws.payload());
        } catch (IOException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "claims are not one JSON object: " + e.getClass().getSimpleName());
        }
    }

    /** jjwt's verification request: the signing input, the key, the signature, the provider. */
    private record Request(byte[] input, PublicKey key, byte[] digest, Provider provider) implements VerifySecureDigestRequest<PublicKey> {
        @Override
        public InputStream getPayload() {
            return new ByteArrayInputStream(input);
        }

        @Override
        public PublicKey getKey() {
            return key;
        }

        @Override
        public byte[] getDigest() {
            return digest;
        }

        @Override
        public Provider getProvider() {
            return provider;
        }

        @Override
        public SecureRandom getSecureRandom() {
            return null;
        }
    }
}
