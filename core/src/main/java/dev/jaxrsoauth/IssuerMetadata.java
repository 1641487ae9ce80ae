package dev.jaxrsoauth;

import java.net.URI;
import java.util.Map;

/**
 * Finds the {@code jwks_uri} from the issuer's metadata: OpenID Connect Discovery 1.0 §4
 * ({@code <issuer>/.well-known/openid-configuration}), then RFC 8414 §3
 * ({@code /.well-known/oauth-authorization-server<issuer path>}). The document's {@code issuer} must equal the
 * configured one (RFC 8414 §3.3), or an attacker-influenced document could redirect key lookups.
 */
final class IssuerMetadata {

    private IssuerMetadata() {
    }

    static URI jwksUri(HttpDocuments http, String issuer) {
        URI issuerUri = HttpDocuments.requireSecure(URI.create(issuer), "issuer");
        String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String path = issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath();
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        URI[] candidates = {
                URI.create(trimmed + "/.well-known/openid-configuration"),
                issuerUri.resolve("/.well-known/oauth-authorization-server" + path),
        };
        for (URI candidate : candidates) {
            Map<String, Object> document;
            try {
                document = http.get(candidate, "application/json");
            } catch (HttpDocuments.NotFound e) {
                continue;
            }
            if (!issuer.equals(document.get("issuer"))) {
                throw new AuthorizationServerException("metadata at " + candidate + " names issuer "
                        + document.get("issuer") + ", expected " + issuer, null);
            }
            if (!(document.get("jwks_uri") instanceof String jwks)) {
                throw new AuthorizationServerException("metadata at " + candidate + " has no jwks_uri", null);
            }
            try {
                return HttpDocuments.requireSecure(URI.create(jwks), "jwks_uri");
            } catch (IllegalArgumentException e) {
                throw new AuthorizationServerException("metadata at " + candidate + ": " + e.getMessage(), e);
            }
        }
        throw new AuthorizationServerException("no metadata found for issuer " + issuer, null);
    }
}
