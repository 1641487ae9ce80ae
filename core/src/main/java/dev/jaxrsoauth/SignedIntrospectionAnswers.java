package dev.jaxrsoauth;

import io.jsonwebtoken.JwtParser;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Verifies RFC 9701 JWT answers with the issuer's JWKS and returns their {@code token_introspection} object. */
final class SignedIntrospectionAnswers {
    private final JwtParser parser;
    private final String issuer;
    private final String clientId;

    SignedIntrospectionAnswers(String issuer, URI jwksUri, String clientId, Clock clock, Duration clockSkew,
                               Duration connectTimeout, Duration requestTimeout, SSLContext sslContext) {
        this.issuer = issuer;
        this.clientId = clientId;
        JwksPolicy policy = new JwksPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(6),
                JwksPolicy.UNKNOWN_KEY_ID_MEMORY, connectTimeout.plus(requestTimeout).multipliedBy(2),
                new GuardedKeySourceListener(new LoggingKeySourceListener()));
        KeySource keys = new JwksKeySource(new HttpDocuments(HttpDocuments.client(connectTimeout, sslContext), requestTimeout), issuer, jwksUri,
                Algorithms.ASYMMETRIC, clock, policy);
        this.parser = JwsParsers.create(keys, Algorithms.ASYMMETRIC, Set.of("token-introspection+jwt"), true, clock, clockSkew);
    }

    Map<String, ?> introspection(byte[] body) {
        String jwt = new String(body, StandardCharsets.US_ASCII).trim();
        Map<String, ?> claims;
        try {
            CompactJws.check(jwt, HttpDocuments.MAX_BYTES);
            claims = parser.parseSignedClaims(jwt).getPayload();
            if (StrictJsonDeserializer.VERDICT.get() != null) {
                throw StrictJsonDeserializer.VERDICT.get();
            }
        } catch (RuntimeException e) {
            // the server's answer is wrong, not the client's token
            throw e instanceof AuthorizationServerException a ? a
                    : new AuthorizationServerException("signed introspection answer rejected: " + e.getMessage(), e);
        } finally {
            StrictJsonDeserializer.VERDICT.remove();
            JwsKeyLocator.LOCATED.remove();
        }
        if (!issuer.equals(claims.get("iss"))) {
            throw new AuthorizationServerException("signed introspection answer from another issuer", null);
        }
        Object aud = claims.get("aud");
        boolean forUs = clientId.equals(aud) || aud instanceof Collection<?> list && list.contains(clientId);
        if (!forUs) {
            throw new AuthorizationServerException("signed introspection answer not addressed to " + clientId, null);
        }
        if (!(claims.get("token_introspection") instanceof Map<?, ?> inner)) {
            throw new AuthorizationServerException("signed introspection answer without token_introspection", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> result = (Map<String, ?>) inner;
        return result;
    }
}
