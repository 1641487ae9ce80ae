package dev.jaxrsoauth.example;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The examples' run contract, read from the environment: {@code PORT} (default 8080), {@code HOST} (default
 * 127.0.0.1), {@code OAUTH_ISSUER}, {@code OAUTH_AUDIENCE} (default {@code api}), {@code OAUTH_JWKS_URI}, and
 * {@code OAUTH_ROLE_CLAIM} (default {@code role}; {@code realm_access.roles} for Keycloak),
 * {@code OAUTH_INTROSPECTION_URI}, {@code OAUTH_CLIENT_ID}, {@code OAUTH_CLIENT_SECRET} (opaque tokens are then
 * introspected), and {@code API_PROTECT_ALL} ({@code true} puts {@code @Secured} on the whole application).
 * {@code OAUTH_ISSUER} may list several issuers, comma-separated, each discovered and sharing the audience.
 *
 * @param host the interface to listen on: an IP literal, or a host name resolved once at start
 * @param port the port, 0 for any free one
 * @param issuers the trusted issuers, empty to start the mock authorization server
 * @param audience the accepted audience
 * @param jwksUri the JWKS URI, or {@code null} for discovery
 * @param roleClaims the claims (or paths) that {@code @RolesAllowed} answers from, comma-separated in {@code OAUTH_ROLE_CLAIM}
 * @param protectAll whether every resource requires a token
 * @param introspectionUri the introspection endpoint, or {@code null} to validate JWTs locally
 * @param clientId the API's client id for introspection
 * @param clientSecret the API's client secret for introspection
 */
public record ExampleSettings(InetAddress host, int port, List<String> issuers, String audience, URI jwksUri, List<String> roleClaims,
                              boolean protectAll, URI introspectionUri, String clientId, String clientSecret) {

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
        List<String> issuers = new ArrayList<>();
        String issuerList = blankToNull(env.get("OAUTH_ISSUER"));
        if (issuerList != null) {
            for (String issuer : issuerList.split(",")) {
                url("OAUTH_ISSUER", issuer.trim());
                issuers.add(issuer.trim());
            }
        }
        String jwks = blankToNull(env.get("OAUTH_JWKS_URI"));
        if (jwks != null && issuers.size() > 1) {
            throw new IllegalArgumentException("OAUTH_JWKS_URI needs a single OAUTH_ISSUER; several are discovered");
        }
        String introspection = blankToNull(env.get("OAUTH_INTROSPECTION_URI"));
        String clientId = blankToNull(env.get("OAUTH_CLIENT_ID"));
        String clientSecret = blankToNull(env.get("OAUTH_CLIENT_SECRET"));
        if (introspection != null && (clientId == null || clientSecret == null)) {
            throw new IllegalArgumentException("OAUTH_INTROSPECTION_URI needs OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET");
        }
        String protectAll = env.getOrDefault("API_PROTECT_ALL", "false").trim();
        if (!protectAll.equals("true") && !protectAll.equals("false")) {
            throw new IllegalArgumentException("API_PROTECT_ALL must be true or false, got '" + protectAll + "'");
        }
        return new ExampleSettings(host(env.getOrDefault("HOST", "127.0.0.1").trim()), port, List.copyOf(issuers),
                env.getOrDefault("OAUTH_AUDIENCE", "api").trim(), jwks == null ? null : url("OAUTH_JWKS_URI", jwks),
                roleClaims(env.getOrDefault("OAUTH_ROLE_CLAIM", "role")), Boolean.parseBoolean(protectAll),
                introspection == null ? null : url("OAUTH_INTROSPECTION_URI", introspection), clientId, clientSecret);
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /**
     * An IPv4 literal with octets up to 255, an IPv6 literal (brackets optional), or a host name of RFC 1123 labels
     * that resolves: anything else is refused rather than silently bound to all interfaces.
     */
    static InetAddress host(String value) {
        String bad = "HOST must be an IP address or a resolvable host name, got '" + value + "'";
        String literal = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        try {
            if (literal.contains(":")) {
                if (!literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    throw new IllegalArgumentException(bad);
                }
                return InetAddress.getByName(literal);
            }
            if (IPV4.matcher(value).matches()) {
                for (String octet : value.split("\\.")) {
                    if (Integer.parseInt(octet) > 255) {
                        throw new IllegalArgumentException(bad);
                    }
                }
                return InetAddress.getByName(value);
            }
            // a name: RFC 1123 labels, and not all digits (Java would read "1.2.3" as an IPv4 address)
            if (value.isEmpty() || value.length() > 253 || value.matches("[0-9.]+")
                    || !java.util.Arrays.stream(value.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches())) {
                throw new IllegalArgumentException(bad);
            }
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(bad);
        }
    }

    private static List<String> roleClaims(String value) {
        List<String> paths = java.util.Arrays.stream(value.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("OAUTH_ROLE_CLAIM must name at least one claim, got '" + value + "'");
        }
        return paths;
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
