package dev.jaxrsoauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * This API as an OAuth 2.0 protected resource (RFC 9728): its identifier (the public URL, else the application's base
 * URI as the container sees it), where its metadata is, and what the metadata says.
 */
final class ProtectedResource {

    /** The well-known path segment (RFC 9728 §3). */
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final FeatureSettings settings;
    private final ValidatorFacts facts;

    ProtectedResource(FeatureSettings settings, ValidatorFacts facts) {
        this.settings = settings;
        this.facts = facts;
    }

    /** @return whether the identifier is the configured public URL (else each request's base URI) */
    boolean configured() {
        return settings.publicUrl() != null;
    }

    /**
     * @param baseUri the application's base URI as the container sees it
     * @return the resource identifier: the public URL (as a URL parser writes it: {@code https://api.example.com/} for
     *         a bare origin), else the base URI; {@code null} when neither is known
     */
    String identifier(URI baseUri) {
        return written(settings.publicUrl() != null ? settings.publicUrl() : baseUri);
    }

    /**
     * @return the URL as a WHATWG URL parser writes it (what clients compare with): scheme and host in lower case, no
     *         default port, {@code /} for an empty path; {@code null} without a host, or with user information
     */
    static String written(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null) {
            return null;
        }
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port) + path;
    }

    /**
     * @return the metadata URL of the resource (RFC 9728 §3.1): the well-known path between the host and the
     *         identifier's path; {@code null} when it cannot be told, or would not fit a quoted challenge parameter
     */
    String metadataUrl(URI baseUri) {
        String identifier = identifier(baseUri);
        if (identifier == null || identifier.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x21 || c > 0x7E)) {
            return null;
        }
        URI url = URI.create(identifier);
        String path = url.getRawPath();
        return url.getScheme() + "://" + url.getRawAuthority() + WELL_KNOWN + (path.equals("/") ? "" : path);
    }

    /** @return the path suffix after the well-known segment that names this resource, {@code ""} for the root */
    String suffix(URI baseUri) {
        String identifier = identifier(baseUri);
        String path = identifier == null ? "/" : URI.create(identifier).getRawPath();
        return path.equals("/") ? "" : path;
    }

    /**
     * @param scopesSupported every scope a resource method requires
     * @return the metadata document (RFC 9728 §2)
     */
    Map<String, Object> document(URI baseUri, Set<String> scopesSupported) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("resource", identifier(baseUri));
        List<String> servers = settings.authorizationServers().isEmpty() ? facts.issuers() : settings.authorizationServers();
        if (!servers.isEmpty()) {
            document.put("authorization_servers", servers);
        }
        if (!scopesSupported.isEmpty()) {
            document.put("scopes_supported", List.copyOf(new TreeSet<>(scopesSupported)));
        }
        List<String> methods = new ArrayList<>(List.of("header"));
        if (settings.queryParameter()) {
            methods.add("query");
        }
        document.put("bearer_methods_supported", methods);
        DpopBinding dpop = facts.dpop();
        if (dpop != null && dpop.policy() != DpopPolicy.OFF) {
            document.put("dpop_signing_alg_values_supported", List.copyOf(new TreeSet<>(dpop.algorithms())));
            document.put("dpop_bound_access_tokens_required", dpop.policy() == DpopPolicy.REQUIRED);
        }
        if (settings.resourceName() != null) {
            document.put("resource_name", settings.resourceName());
        }
        if (settings.resourceDocumentation() != null) {
            document.put("resource_documentation", settings.resourceDocumentation().toString());
        }
        return document;
    }

    /**
     * @param publicUrl the resource identifier
     * @return the audiences that name it: as the metadata writes it and as given, each with and without a final slash
     */
    static Set<String> audiences(URI publicUrl) {
        Set<String> audiences = new LinkedHashSet<>();
        for (String text : List.of(written(publicUrl), publicUrl.toString())) {
            String bare = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            audiences.add(bare);
            audiences.add(bare + "/");
        }
        return audiences;
    }
}
