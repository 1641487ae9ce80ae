package dev.jaxrsoauth.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * The examples' run contract, read from the environment: {@code PORT} (default 8080), {@code HOST} (default
 * 127.0.0.1), {@code OAUTH_ISSUER}, {@code OAUTH_AUDIENCE} (default {@code api}), {@code OAUTH_JWKS_URI}, and
 * {@code OAUTH_ROLE_CLAIM} (default {@code role}; {@code realm_access.roles} for Keycloak), and
 * {@code API_PROTECT_ALL} ({@code true} puts {@code @Secured} on the whole application).
 *
 * @param host the interface to listen on
 * @param port the port, 0 for any free one
 * @param issuer the trusted issuer, or {@code null} to start the mock authorization server
 * @param audience the accepted audience
 * @param jwksUri the JWKS URI, or {@code null} for discovery
 * @param roleClaim the claim (or dotted path) that {@code @RolesAllowed} answers from
 * @param protectAll whether every resource requires a token
 */
public record ExampleSettings(String host, int port, String issuer, String audience, URI jwksUri, String roleClaim,
                              boolean protectAll) {

    /**
     * @param env the environment, usually {@code System.getenv()}
     * @return the settings
     * @throws IllegalArgumentException with a one-line message naming the bad variable
     */
    public static ExampleSettings from(Map<String, String> env) {
        String portText = env.getOrDefault("PORT", "8080").trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535, got '" + portText + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535, got '" + portText + "'");
        }
        String issuer = blankToNull(env.get("OAUTH_ISSUER"));
        if (issuer != null) {
            url("OAUTH_ISSUER", issuer);
        }
        String jwks = blankToNull(env.get("OAUTH_JWKS_URI"));
        String protectAll = env.getOrDefault("API_PROTECT_ALL", "false").trim();
        if (!protectAll.equals("true") && !protectAll.equals("false")) {
            throw new IllegalArgumentException("API_PROTECT_ALL must be true or false, got '" + protectAll + "'");
        }
        return new ExampleSettings(env.getOrDefault("HOST", "127.0.0.1").trim(), port, issuer,
                env.getOrDefault("OAUTH_AUDIENCE", "api").trim(), jwks == null ? null : url("OAUTH_JWKS_URI", jwks),
                env.getOrDefault("OAUTH_ROLE_CLAIM", "role").trim(), Boolean.parseBoolean(protectAll));
    }

    private static URI url(String name, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException(name + " must be an http(s) URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " must be an http(s) URL, got '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
