package dev.jaxrsoauth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * Verifies RFC 9701 JWT answers with the issuer's JWKS and returns their {@code token_introspection} object. RFC 9701
 * §5: {@code typ} {@code token-introspection+jwt}, the signature, {@code iss} the issuer, {@code aud} this API's
 * client, and a fresh {@code iat}: an answer to a request just made cannot be older than that request may take.
 */
final class SignedIntrospectionAnswers {

    private static final HeaderPolicy HEADERS = new HeaderPolicy(Algorithms.ASYMMETRIC, Set.of("token-introspection+jwt"), true);

    private final JwsVerifier verifier;
    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final long maxAgeMillis;
    private final long skewMillis;

    SignedIntrospectionAnswers(TokenSettings<?> settings, URI jwksUri, String clientId) {
        this.issuer = settings.issuer;
        this.clientId = clientId;
        this.clock = settings.clock;
        this.skewMillis = settings.clockSkew.toMillis();
        this.maxAgeMillis = settings.requestTimeout.toMillis() + skewMillis;
        KeySource keys = JwksKeySource.create(settings, jwksUri, Algorithms.ASYMMETRIC, JwksPolicy.DEFAULT_LIFETIME,
                JwksPolicy.DEFAULT_REFRESH_INTERVAL, JwksPolicy.DEFAULT_MAX_STALENESS, new LoggingKeySourceListener());
        this.verifier = new JwsVerifier(keys, settings.cryptoProvider);
    }

    /** @throws AuthorizationServerException for any answer that is not a fresh one signed for us by the issuer */
    Map<String, ?> introspection(byte[] body) {
        Map<String, Object> claims;
        try {
            String jwt = new String(body, StandardCharsets.US_ASCII).trim();
            claims = verifier.verify(CompactJws.parse(jwt, HttpDocuments.MAX_BYTES, HEADERS)).claims();
        } catch (AuthorizationServerException e) {
            throw e;
        } catch (RuntimeException e) {
            // the server's answer is wrong, not the client's token
            throw refused(e instanceof OAuthException o ? o.detail() : e.toString());
        }
        if (!issuer.equals(claims.get("iss"))) {
            throw refused("from another issuer");
        }
        if (!ClaimRules.namesAny(Set.of(clientId), claims.get("aud"))) {
            throw refused("not addressed to " + clientId);
        }
        long now = clock.millis();
        if (!(claims.get("iat") instanceof Number iat) || !ClaimRules.isNumericDate(iat)
                || iat.longValue() * 1000 < now - maxAgeMillis || iat.longValue() * 1000 > now + skewMillis) {
            throw refused("iat missing or not fresh");
        }
        if (!(claims.get("token_introspection") instanceof Map<?, ?> inner)) {
            throw refused("without token_introspection");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> result = (Map<String, ?>) inner;
        return result;
    }

    private static AuthorizationServerException refused(String why) {
        return new AuthorizationServerException("signed introspection answer rejected: " + why, null);
    }
}
