package dev.jaxrsoauth;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Finds the public key that verifies a JWS (RFC 7515) from its header's {@code kid} and {@code alg}. The default
 * source is the issuer's JWKS (found by discovery or configured with {@code jwksUri}); implement this to verify with
 * keys from elsewhere. Header parameters that carry keys ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}) are
 * never passed here: they never select a key.
 *
 * <pre>{@code
 * KeySource fixed = (kid, alg) -> "key-1".equals(kid) ? Optional.of(publicKey) : Optional.empty();
 * JwtValidator.builder().issuer(issuer).audience("api").keySource(fixed).build();
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface KeySource {

    /**
     * Implementations must only return a key that may verify {@code algorithm} (a JWK's own {@code alg},
     * {@code use} and {@code kty} agree with it). Must be thread-safe and should not block on the network while
     * usable keys are known.
     *
     * @param keyId the header's {@code kid}, or {@code null} when the token has none
     * @param algorithm the header's {@code alg}, already checked against the accepted algorithms
     * @return the key, or empty if no key matches (the token is rejected with 401)
     * @throws AuthorizationServerException if keys cannot be obtained and none is cached (the request gets 500)
     */
    Optional<PublicKey> find(String keyId, String algorithm);
}
