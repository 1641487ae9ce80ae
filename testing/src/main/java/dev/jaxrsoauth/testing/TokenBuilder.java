package dev.jaxrsoauth.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Mints an access token that starts out valid for the server that created it ({@code typ: at+jwt}, {@code kid},
 * {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code jti}, {@code client_id}, {@code scope})
 * so that each test changes exactly one thing.
 *
 * <pre>{@code
 * String expired = server.token().expiresAt(Instant.now().minusSeconds(300)).sign();
 * String noScope = server.token().without("scope").sign();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TokenBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private SigningKey key;

    /**
     * A valid token for any issuer, without a server (unit tests with a fixed key source).
     *
     * @param key the signing key ({@code alg} and {@code kid} go into the header)
     * @param issuer the {@code iss}
     * @param audience the {@code aud}
     * @param now what {@code iat} is and {@code exp} (five minutes later) counts from
     * @return the builder
     */
    public static TokenBuilder create(SigningKey key, String issuer, String audience, Instant now) {
        return new TokenBuilder(key, issuer, audience, now);
    }

    TokenBuilder(SigningKey key, String issuer, String audience, Instant now) {
        this.key = key;
        header.put("alg", key.algorithm());
        header.put("typ", "at+jwt");
        header.put("kid", key.keyId());
        claims.put("iss", issuer);
        claims.put("sub", "user-1");
        claims.put("aud", audience);
        claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("client_id", "test-client");
        claims.put("scope", "read");
    }

    /**
     * Signs with another key (its {@code alg} and {@code kid} go into the header).
     *
     * @param signingKey the key, published or not
     * @return this builder
     */
    public TokenBuilder signedWith(SigningKey signingKey) {
        this.key = signingKey;
        header.put("alg", signingKey.algorithm());
        header.put("kid", signingKey.keyId());
        return this;
    }

    /**
     * Sets a header parameter to any JSON value (a {@code null} value writes JSON null).
     *
     * @param name the parameter
     * @param value the value
     * @return this builder
     */
    public TokenBuilder header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    /**
     * Removes a header parameter.
     *
     * @param name the parameter
     * @return this builder
     */
    public TokenBuilder withoutHeader(String name) {
        header.remove(name);
        return this;
    }

    /**
     * Sets a claim to any JSON value (string, number, boolean, list, map, or {@code null} for JSON null).
     *
     * @param name the claim
     * @param value the value
     * @return this builder
     */
    public TokenBuilder claim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    /**
     * Removes a claim.
     *
     * @param name the claim
     * @return this builder
     */
    public TokenBuilder without(String name) {
        claims.remove(name);
        return this;
    }

    /** @param subject the {@code sub} @return this builder */
    public TokenBuilder subject(String subject) {
        return claim("sub", subject);
    }

    /** @param scope the space-separated {@code scope} @return this builder */
    public TokenBuilder scope(String scope) {
        return claim("scope", scope);
    }

    /** @param audience the {@code aud}: a string or a list @return this builder */
    public TokenBuilder audience(Object audience) {
        return claim("aud", audience);
    }

    /** @param issuer the {@code iss} @return this builder */
    public TokenBuilder issuer(String issuer) {
        return claim("iss", issuer);
    }

    /** @param expiresAt the {@code exp} @return this builder */
    public TokenBuilder expiresAt(Instant expiresAt) {
        return claim("exp", expiresAt.getEpochSecond());
    }

    /** @param notBefore the {@code nbf} @return this builder */
    public TokenBuilder notBefore(Instant notBefore) {
        return claim("nbf", notBefore.getEpochSecond());
    }

    /**
     * Binds the token to a client's key, as an authorization server does for DPoP (RFC 9449 §6.1): {@code cnf.jkt} is
     * the key's thumbprint, so the token is accepted only with a proof signed by that key.
     *
     * @param clientKey the client's DPoP key
     * @return this builder
     */
    public TokenBuilder dpopBound(SigningKey clientKey) {
        return claim("cnf", Map.of("jkt", DpopProof.thumbprint(clientKey)));
    }

    /**
     * How and when the user authenticated, as a token issued after a step-up (RFC 9470) carries it.
     *
     * @param acr the authentication context class reference, for example {@code urn:example:mfa}
     * @param authTime when the user authenticated: the {@code auth_time}
     * @return this builder
     */
    public TokenBuilder authenticated(String acr, Instant authTime) {
        return claim("acr", acr).claim("auth_time", authTime.getEpochSecond());
    }

    /** @param issuedAt the {@code iat} @return this builder */
    public TokenBuilder issuedAt(Instant issuedAt) {
        return claim("iat", issuedAt.getEpochSecond());
    }

    /** @return the header and payload as they would be signed, without a signature: {@code h.p} */
    public String signingInput() {
        return encode(header) + "." + encode(claims);
    }

    /** @return the compact JWS */
    public String sign() {
        String input = signingInput();
        return input + "." + B64URL.encodeToString(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** @return the token with {@code alg: none} and an empty signature, as an attacker would send it */
    public String unsigned() {
        header.put("alg", "none");
        return signingInput() + ".";
    }

    /**
     * Encodes one JOSE part as unpadded base64url JSON.
     *
     * @param json a header or claims map
     * @return the encoded segment
     */
    public static String encode(Map<String, ?> json) {
        try {
            return B64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        }
    }

    /**
     * Encodes raw bytes (for hand-crafted segments) as unpadded base64url.
     *
     * @param bytes the bytes
     * @return the encoded segment
     */
    public static String encode(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }
}
