package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sender-constrained tokens (RFC 9449): checks that a token and the way it was sent agree, and verifies the DPoP
 * proof (§4.3): one {@code DPoP} header, a JWS with {@code typ: dpop+jwt}, an accepted asymmetric {@code alg}, a public
 * {@code jwk} (the one place an embedded key is legitimate) that verifies it, {@code htm} and {@code htu} of this
 * request, a fresh {@code iat}, a {@code jti} not seen before, {@code ath} of this token, and the nonce when nonces are
 * on; then that {@code cnf.jkt} is the RFC 7638 thumbprint of that key. Runs after the token's own checks, on a cache
 * hit too, so a cached token is never used without a fresh proof.
 */
final class DpopBinding {

    static final int MAX_PROOF_LENGTH = 8 * 1024;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final DpopPolicy policy;
    private final HeaderPolicy headers;
    private final long proofLifetimeMillis;
    private final long skewMillis;
    private final DpopNonces nonces;
    private final ReplayCache replay;
    private final Clock clock;
    private final Provider provider;

    /** @param nonces the server nonces, or {@code null} when nonces are off */
    DpopBinding(DpopPolicy policy, Set<String> algorithms, Duration proofLifetime, Duration clockSkew, DpopNonces nonces,
                ReplayCache replay, Clock clock, Provider provider) {
        this.policy = policy;
        this.headers = new HeaderPolicy(algorithms, Set.of("dpop+jwt"), true);
        this.proofLifetimeMillis = proofLifetime.toMillis();
        this.skewMillis = clockSkew.toMillis();
        this.nonces = nonces;
        this.replay = replay;
        this.clock = clock;
        this.provider = provider;
    }

    DpopPolicy policy() {
        return policy;
    }

    Set<String> algorithms() {
        return headers.algorithms();
    }

    /** @return the nonces, or {@code null} when off */
    DpopNonces nonces() {
        return nonces;
    }

    /**
     * @return whether a request gets the same answer from both: one policy, one set of algorithms (challenges name
     * them), and nonces that both issue and accept, or none
     */
    boolean agreesWith(DpopBinding other) {
        return other != null && policy == other.policy && algorithms().equals(other.algorithms())
                && (nonces == null ? other.nonces == null : nonces.sameAs(other.nonces));
    }

    /** Before the token is looked at: whether this scheme is accepted at all. */
    void checkScheme(TokenRequest request) {
        if (request.scheme() == TokenRequest.Scheme.DPOP && policy == DpopPolicy.OFF) {
            throw new InvalidTokenException(Reason.MISSING, "DPoP is off: the DPoP scheme is another scheme");
        }
        if (request.scheme() == TokenRequest.Scheme.BEARER && policy == DpopPolicy.REQUIRED) {
            throw new InvalidTokenException(Reason.DPOP_REQUIRED, "a bearer token where DPoP is required");
        }
    }

    /** After the token's own checks: its {@code cnf} and the request's scheme and proof must agree. */
    void check(TokenRequest request, Map<String, ?> claims) {
        Object cnf = claims.get("cnf");
        if (cnf == null) {
            if (request.scheme() == TokenRequest.Scheme.DPOP) {
                throw binding("an unbound token sent with the DPoP scheme");
            }
            return;
        }
        if (!(cnf instanceof Map<?, ?> confirmation) || !(confirmation.get("jkt") instanceof String jkt) || confirmation.size() != 1) {
            // x5t#S256 (RFC 8705), beside jkt or alone, or anything else: refused until that binding is verified too
            throw binding("cnf is not exactly {jkt}: a binding this library does not support");
        }
        if (request.scheme() != TokenRequest.Scheme.DPOP || policy == DpopPolicy.OFF) {
            throw binding("a DPoP-bound token sent as Bearer");
        }
        verifyProof(request, jkt);
    }

    /**
     * Verifies the proof of a request whose token is bound to {@code jkt}. The proof's key must be that one before
     * anything costly or lasting happens: no signature is checked and nothing is recorded for a proof by another key
     * (whoever holds a stolen token cannot make us work, nor fill the replay store).
     */
    private void verifyProof(TokenRequest request, String jkt) {
        List<String> values = request.headers("DPoP");
        if (values.size() != 1) {
            throw proof(values.isEmpty() ? "no DPoP header" : values.size() + " DPoP headers");
        }
        CompactJws jws;
        try {
            jws = CompactJws.parse(values.get(0).strip(), MAX_PROOF_LENGTH, headers);
        } catch (InvalidTokenException e) {
            throw proof("not an acceptable JWS: " + e.detail());
        }
        PublicJwk<?> jwk = jwk(jws.header().get("jwk"));
        String thumbprint = jwk.thumbprint().toString();
        if (!MessageDigest.isEqual(thumbprint.getBytes(StandardCharsets.UTF_8), jkt.getBytes(StandardCharsets.UTF_8))) {
            throw binding("cnf.jkt is not the thumbprint of the proof's key");
        }
        PublicKey key = jwk.toKey();
        try {
            JwsVerifier.verifySignature(jws, key, provider);
        } catch (InvalidTokenException e) {
            throw proof("signature: " + e.detail());
        }
        Map<String, Object> claims;
        try {
            claims = Json.object(jws.payload());
        } catch (IOException e) {
            throw proof("claims are not one JSON object");
        }
        checkClaims(request, claims);
        if (!replay.firstUse(digest(thumbprint + "." + claims.get("jti")), replayLifetime())) {
            throw proof("jti replayed");
        }
    }

    private static PublicJwk<?> jwk(Object member) {
        if (!(member instanceof Map<?, ?> map)) {
            throw proof("no jwk header parameter");
        }
        if (map.keySet().stream().anyMatch(PRIVATE_MEMBERS::contains)) {
            throw proof("jwk carries private key material");
        }
        Jwk<?> jwk;
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> parameters = (Map<String, ?>) map;
            jwk = Jwks.builder().add(parameters).build();
        } catch (RuntimeException e) {
            throw proof("jwk is not a valid JWK: " + e.getClass().getSimpleName());
        }
        if (!(jwk instanceof PublicJwk<?> publicJwk)) {
            throw proof("jwk is not a public key");
        }
        return publicJwk;
    }

    private void checkClaims(TokenRequest request, Map<String, Object> claims) {
        if (!(claims.get("htm") instanceof String htm) || !htm.equals(request.method())) {
            throw proof("htm is not the request's method");
        }
        if (!(claims.get("htu") instanceof String htu) || request.uri() == null || !HttpUri.sameTarget(htu, request.uri())) {
            throw proof("htu is not the request's URI");
        }
        long now = clock.millis();
        if (!(claims.get("iat") instanceof Number iat) || !ClaimRules.isNumericDate(iat)
                || iat.doubleValue() * 1000 < now - proofLifetimeMillis - skewMillis || iat.doubleValue() * 1000 > now + skewMillis) {
            throw proof("iat missing or outside the proof lifetime");
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 256) {
            throw proof("jti is not a string of 1 to 256 characters");
        }
        if (!(claims.get("ath") instanceof String ath) || !MessageDigest.isEqual(ath.getBytes(StandardCharsets.UTF_8),
                digest(request.token()).getBytes(StandardCharsets.UTF_8))) {
            throw proof("ath is not the hash of the access token");
        }
        if (nonces != null && !nonces.isValid(claims.get("nonce"))) {
            throw InvalidTokenException.useDpopNonce(nonces.current(), "nonce missing or stale");
        }
    }

    /**
     * How long a used proof is remembered: it is accepted while {@code now - lifetime - skew <= iat <= now + skew}, so
     * from its first use at worst {@code iat - skew} until {@code iat + lifetime + skew}; plus one second, so that the
     * entry outlives the last instant its {@code iat} (whole seconds) is accepted.
     */
    Duration replayLifetime() {
        return Duration.ofMillis(proofLifetimeMillis + 2 * skewMillis + 1000);
    }

    /** @return base64url(SHA-256(text)), as {@code ath} is computed (RFC 9449 §4.2); UTF-8, so no two texts collide */
    static String digest(String text) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static InvalidTokenException proof(String detail) {
        return new InvalidTokenException(Reason.DPOP_PROOF, detail);
    }

    private static InvalidTokenException binding(String detail) {
        return new InvalidTokenException(Reason.DPOP_BINDING, detail);
    }
}
