package dev.jaxrsoauth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.lang.System.Logger.Level;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of verification keys parsed from a JWKS (RFC 7517 §5). Each element is parsed on its own with
 * jjwt and kept only if it is a public RSA, EC or OKP signing key with a unique {@code kid}; a key that names its
 * {@code alg} verifies only that algorithm (jjwt itself enforces none of {@code alg}, {@code use} and
 * {@code key_ops}).
 */
final class JwkSet {

    static final int MAX_KEY_ID_LENGTH = CompactJws.MAX_KEY_ID_LENGTH;
    private static final System.Logger LOG = System.getLogger(JwkSet.class.getName());

    /** A key and the algorithms it may verify, decided once when the key set is parsed (not per lookup). */
    record VerificationKey(PublicKey key, Set<String> algorithms) {
        boolean verifies(String alg) {
            return algorithms.contains(alg);
        }
    }

    static final JwkSet EMPTY = new JwkSet(Map.of());

    private final Map<String, VerificationKey> byId;

    private JwkSet(Map<String, VerificationKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    static JwkSet parse(Map<String, Object> document, Set<String> allowedAlgorithms) {
        if (!(document.get("keys") instanceof List<?> elements)) {
            throw new IllegalArgumentException("no \"keys\" array");
        }
        Map<String, VerificationKey> keys = new HashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (Object element : elements) {
            if (!(element instanceof Map<?, ?> map)) {
                continue;
            }
            String kid = map.get("kid") instanceof String s ? s : null;
            Optional<VerificationKey> key = accept(map, kid, allowedAlgorithms);
            if (key.isPresent() && keys.put(kid, key.get()) != null) {
                duplicates.add(kid);
            }
        }
        // two keys under one kid: neither can be chosen safely
        duplicates.forEach(keys::remove);
        return new JwkSet(keys);
    }

    private static Optional<VerificationKey> accept(Map<?, ?> map, String kid, Set<String> allowedAlgorithms) {
        if (kid == null || kid.isEmpty() || kid.length() > MAX_KEY_ID_LENGTH) {
            return skip(kid, "no usable kid");
        }
        if (map.containsKey("d") || map.containsKey("k")) {
            return skip(kid, "private or symmetric key material");
        }
        Object use = map.get("use");
        if (use != null && !"sig".equals(use)) {
            return skip(kid, "use is not sig");
        }
        Object ops = map.get("key_ops");
        if (ops != null && !List.of("verify").equals(ops)) {
            return skip(kid, "key_ops is not [verify]");
        }
        Object alg = map.get("alg");
        if (alg != null && !(alg instanceof String a && allowedAlgorithms.contains(a))) {
            return skip(kid, "alg is not accepted");
        }
        Jwk<?> jwk;
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> params = (Map<String, ?>) map;
            jwk = Jwks.builder().add(params).build();
        } catch (RuntimeException e) {
            return skip(kid, "not a valid JWK: " + e.getMessage());
        }
        if (!(jwk instanceof PublicJwk<?> publicJwk)) {
            return skip(kid, "not a public key");
        }
        PublicKey key = publicJwk.toKey();
        Set<String> algorithms = new HashSet<>();
        for (String candidate : alg != null ? Set.of((String) alg) : allowedAlgorithms) {
            if (Algorithms.fits(candidate, key)) {
                algorithms.add(candidate);
            }
        }
        if (algorithms.isEmpty()) {
            return skip(kid, "key type, curve or size does not fit an accepted algorithm");
        }
        return Optional.of(new VerificationKey(key, Set.copyOf(algorithms)));
    }

    private static Optional<VerificationKey> skip(String kid, String why) {
        LOG.log(Level.DEBUG, "JWKS key {0} ignored: {1}", kid, why);
        return Optional.empty();
    }

    /**
     * @return the key for this id that may verify this algorithm; with no id, the only such key; empty when no key
     *         has this id
     * @throws InvalidTokenException {@link InvalidTokenException.Reason#ALGORITHM} when the key with this id is
     *                               published for other algorithms (RFC 8725 §3.1: a key verifies one algorithm)
     */
    Optional<PublicKey> find(String keyId, String algorithm) {
        if (keyId != null) {
            VerificationKey key = byId.get(keyId);
            if (key != null && !key.verifies(algorithm)) {
                throw new InvalidTokenException(InvalidTokenException.Reason.ALGORITHM,
                        "key " + LogText.printable(keyId) + " is published for " + key.algorithms() + ", not " + algorithm);
            }
            return key != null ? Optional.of(key.key()) : Optional.empty();
        }
        List<VerificationKey> candidates = byId.values().stream().filter(k -> k.verifies(algorithm)).toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0).key()) : Optional.empty();
    }

    boolean contains(String keyId) {
        return byId.containsKey(keyId);
    }

    Set<String> keyIds() {
        return byId.keySet();
    }

    int size() {
        return byId.size();
    }
}
