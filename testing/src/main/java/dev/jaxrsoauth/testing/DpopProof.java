package dev.jaxrsoauth.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Makes a DPoP proof (RFC 9449 §4.2) for tests: a valid one for a request ({@code typ: dpop+jwt}, the key's
 * {@code alg}, its public {@code jwk}, {@code htm}, {@code htu}, {@code iat}, a fresh {@code jti}), to which a test adds
 * the access token's hash and the nonce, or breaks exactly one thing.
 *
 * <pre>{@code
 * SigningKey client = SigningKey.generate("client", "ES256");
 * String token = server.token().dpopBound(client).sign();
 * String proof = DpopProof.create(client, "GET", URI.create(base + "/api/data"), Instant.now()).accessToken(token).sign();
 * // Authorization: DPoP <token>, DPoP: <proof>
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DpopProof {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final SigningKey key;
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();

    private DpopProof(SigningKey key, String method, URI uri, Instant now) {
        this.key = key;
        header.put("typ", "dpop+jwt");
        header.put("alg", key.algorithm());
        header.put("jwk", publicJwk(key));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("htm", method);
        claims.put("htu", withoutQuery(uri));
        claims.put("iat", now.getEpochSecond());
    }

    /**
     * @param key the client's key (ES256, EdDSA, RS256 or PS256)
     * @param method the request's method
     * @param uri the request's URI; query and fragment are left out of {@code htu}
     * @param now the proof's {@code iat}
     * @return a valid proof for that request, without {@code ath} and {@code nonce}
     */
    public static DpopProof create(SigningKey key, String method, URI uri, Instant now) {
        return new DpopProof(key, method, uri, now);
    }

    /**
     * @param key a client's key
     * @return its RFC 7638 JWK thumbprint (SHA-256, base64url): the {@code cnf.jkt} of tokens bound to it
     */
    public static String thumbprint(SigningKey key) {
        return Jwks.builder().key(key.publicKey()).build().thumbprint().toString();
    }

    /** @param accessToken the token sent with the proof: its hash goes into {@code ath} @return this builder */
    public DpopProof accessToken(String accessToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param nonce the server's nonce from a {@code DPoP-Nonce} header @return this builder */
    public DpopProof nonce(String nonce) {
        return claim("nonce", nonce);
    }

    /** @param issuedAt the {@code iat} @return this builder */
    public DpopProof issuedAt(Instant issuedAt) {
        return claim("iat", issuedAt.getEpochSecond());
    }

    /** @param jti the {@code jti} @return this builder */
    public DpopProof jti(String jti) {
        return claim("jti", jti);
    }

    /** @param name a header parameter @param value any JSON value @return this builder */
    public DpopProof header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    /** @param name a header parameter to remove @return this builder */
    public DpopProof withoutHeader(String name) {
        header.remove(name);
        return this;
    }

    /** @param name a claim @param value any JSON value @return this builder */
    public DpopProof claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    /** @param name a claim to remove @return this builder */
    public DpopProof without(String name) {
        claims.remove(name);
        return this;
    }

    /** @return the proof: a compact JWS signed with the key */
    public String sign() {
        String input = TokenBuilder.encode(header) + "." + TokenBuilder.encode(claims);
        return input + "." + TokenBuilder.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * @param key a client's key
     * @return its public JWK as the {@code jwk} header of a proof carries it, to put into hand-made proofs
     */
    public static Map<String, Object> publicJwk(SigningKey key) {
        PublicJwk<?> jwk = Jwks.builder().key(key.publicKey()).build();
        try {
            return JSON.readValue(Jwks.json(jwk), OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }
}
