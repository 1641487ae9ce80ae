package dev.jaxrsoauth;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Finds the {@code jwks_uri} from the issuer's metadata: OpenID Connect Discovery 1.0 §4
 * ({@code <issuer>/.well-known/openid-configuration}), then RFC 8414 §3
 * ({@code /.well-known/oauth-authorization-server<issuer path>}). The document's {@code issuer} must equal the
 * configured one (RFC 8414 §3.3), or an attacker-influenced document could redirect key lookups.
 */
final class IssuerMetadata {

    private IssuerMetadata() {
    }

    static CompletableFuture<URI> jwksUri(HttpDocuments http, String issuer) {
        return metadata(http, issuer).thenApply(m -> endpoint(m, "jwks_uri"));
    }

    /** A document found by discovery, with the address it came from. */
    record Metadata(Map<String, Object> document, URI location) {
    }

    /** @return the endpoint named {@code name} in the metadata, checked like any configured URL */
    static URI endpoint(Metadata metadata, String name) {
        if (!(metadata.document().get(name) instanceof String value)) {
            throw new AuthorizationServerException("metadata at " + metadata.location() + " has no " + name, null);
        }
        try {
            return HttpDocuments.requireSecure(URI.create(value), name);
        } catch (IllegalArgumentException e) {
            throw new AuthorizationServerException("metadata at " + metadata.location() + ": " + e.getMessage(), e);
        }
    }

    /** @return the issuer's metadata, whose {@code issuer} equals the configured one */
    static CompletableFuture<Metadata> metadata(HttpDocuments http, String issuer) {
        URI issuerUri = HttpDocuments.requireSecure(URI.create(issuer), "issuer");
        String trimmed = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        String path = issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath();
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        URI openId = URI.create(trimmed + "/.well-known/openid-configuration");
        URI oauth = issuerUri.resolve("/.well-known/oauth-authorization-server" + path);
        return http.get(openId, "application/json").thenApply(d -> checked(d.json(), openId, issuer))
                .exceptionallyCompose(failure -> unwrap(failure) instanceof HttpDocuments.NotFound
                        ? http.get(oauth, "application/json").thenApply(d -> checked(d.json(), oauth, issuer))
                        : CompletableFuture.failedFuture(unwrap(failure)))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(unwrap(failure) instanceof HttpDocuments.NotFound
                        ? new AuthorizationServerException("no metadata found for issuer " + issuer, null) : unwrap(failure)));
    }

    private static Metadata checked(Map<String, Object> document, URI location, String issuer) {
        if (!issuer.equals(document.get("issuer"))) {
            throw new AuthorizationServerException("metadata at " + location + " names issuer "
                    + LogText.printable(document.get("issuer")) + ", expected " + issuer, null);
        }
        return new Metadata(document, location);
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
