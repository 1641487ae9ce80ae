package dev.jaxrsoauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Serves the protected resource metadata (RFC 9728 §3) to {@code GET} and {@code HEAD} (and answers the CORS
 * preflight {@code OPTIONS}) of
 * {@code /.well-known/oauth-protected-resource} (and that path followed by the resource identifier's path), below the
 * application's base, before any resource is matched: open under a global {@code @Secured} too. Public, cacheable
 * and readable from browsers ({@code Access-Control-Allow-Origin: *}): it holds nothing secret.
 */
@PreMatching
final class ResourceMetadataFilter implements ContainerRequestFilter {

    private final ProtectedResource resource;
    private final Supplier<Set<String>> scopesSupported;

    ResourceMetadataFilter(ProtectedResource resource, Supplier<Set<String>> scopesSupported) {
        this.resource = resource;
        this.scopesSupported = scopesSupported;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            return;
        }
        // relative to the base; Jersey gives it without a leading slash, RESTEasy with one
        String path = request.getUriInfo().getPath(false);
        path = path.startsWith("/") ? path : "/" + path;
        if (!path.startsWith(ProtectedResource.WELL_KNOWN)) {
            return;
        }
        URI base = request.getUriInfo().getBaseUri();
        String suffix = path.substring(ProtectedResource.WELL_KNOWN.length());
        if (!suffix.isEmpty() && !stripSlash(suffix).equals(stripSlash(resource.suffix(base)))) {
            return;
        }
        if (method.equals("OPTIONS")) {
            // a browser's CORS preflight (an MCP client sends MCP-Protocol-Version): any origin, no credentials
            request.abortWith(Response.noContent().header("Access-Control-Allow-Origin", "*")
                    .header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS").header("Access-Control-Allow-Headers", "*")
                    .header("Access-Control-Max-Age", "86400").build());
            return;
        }
        String json;
        try {
            json = Json.STRICT.writeValueAsString(resource.document(base, scopesSupported.get()));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        request.abortWith(Response.ok(json, MediaType.APPLICATION_JSON_TYPE)
                // a configured identifier is the same for everyone; one taken from the request is not
                .header(HttpHeaders.CACHE_CONTROL, resource.configured() ? "public, max-age=3600" : "no-cache")
                .header("Access-Control-Allow-Origin", "*")
                .build());
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
