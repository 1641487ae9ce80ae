package dev.jaxrsoauth.example;

import dev.jaxrsoauth.DpopPolicy;

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
 * DPoP: {@code OAUTH_DPOP} ({@code off}, {@code allowed} by default, {@code required}), {@code OAUTH_DPOP_NONCE}
 * ({@code true} requires server nonces), {@code OAUTH_DPOP_NONCE_SECRET} (shared by every instance; random per process
 * when unset), {@code API_PUBLIC_URL} (the URL clients call, for {@code htu}), {@code OAUTH_REPLAY_MEMBERS}
 * ({@code host:port} of every instance's replay cache member, comma-separated) with {@code OAUTH_REPLAY_PORT} (this
 * instance's member port): instances started so refuse a proof that another one accepted.
 * {@code OAUTH_CRYPTO_PROVIDER}: {@code jdk} (default), {@code accp}, {@code conscrypt} or {@code bc}, the provider
 * every signature is verified with.
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
 * @param publicUrl the URL clients call the API at, or {@code null} for the server's own view
 * @param dpop the DPoP settings
 * @param cryptoProvider {@code jdk}, {@code accp}, {@code conscrypt} or {@code bc}
 */
public record ExampleSettings(InetAddress host, int port, List<String> issuers, String audience, URI jwksUri, List<String> roleClaims,
                              boolean protectAll, URI introspectionUri, String clientId, String clientSecret, URI publicUrl, Dpop dpop,
                              String cryptoProvider) {

    /**
     * The DPoP part of the run contract.
     *
     * @param policy {@code OAUTH_DPOP}
     * @param nonces {@code OAUTH_DPOP_NONCE}
     * @param nonceSecret {@code OAUTH_DPOP_NONCE_SECRET}, or {@code null} for one random to this process
     * @param replayMembers {@code OAUTH_REPLAY_MEMBERS}, empty to keep replay protection in this process
     * @param replayPort {@code OAUTH_REPLAY_PORT}, 0 without members
     * @param replayHost {@code OAUTH_REPLAY_HOST}, the interface this instance's member listens on (default {@code HOST})
     */
    public record Dpop(DpopPolicy policy, boolean nonces, String nonceSecret, List<String> replayMembers, int replayPort,
                       InetAddress replayHost) {
    }

    /**
     * @param env the environment, usually {@code System.getenv()}
     * @return the settings
     * @throws IllegalArgumentException with a one-line message naming the bad variable
     */
    public static ExampleSettings from(Map<String, String> env) {
        int port = port("PORT", env.getOrDefault("PORT", "8080"), 0);
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
        boolean protectAll = bool(env, "API_PROTECT_ALL");
        String publicUrl = blankToNull(env.get("API_PUBLIC_URL"));
        return new ExampleSettings(host(env.getOrDefault("HOST", "127.0.0.1").trim()), port, List.copyOf(issuers),
                env.getOrDefault("OAUTH_AUDIENCE", "api").trim(), jwks == null ? null : url("OAUTH_JWKS_URI", jwks),
                roleClaims(env.getOrDefault("OAUTH_ROLE_CLAIM", "role")), protectAll,
                introspection == null ? null : url("OAUTH_INTROSPECTION_URI", introspection), clientId, clientSecret,
                publicUrl == null ? null : publicUrl(publicUrl), dpop(env), cryptoProvider(env));
    }

    private static String cryptoProvider(Map<String, String> env) {
        String name = env.getOrDefault("OAUTH_CRYPTO_PROVIDER", "jdk").trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("jdk", "accp", "conscrypt", "bc").contains(name)) {
            throw new IllegalArgumentException("OAUTH_CRYPTO_PROVIDER must be jdk, accp, conscrypt or bc, got '"
                    + env.get("OAUTH_CRYPTO_PROVIDER").trim() + "'");
        }
        return name;
    }

    private static Dpop dpop(Map<String, String> env) {
        String policyText = env.getOrDefault("OAUTH_DPOP", "allowed").trim();
        DpopPolicy policy = switch (policyText) {
            case "off" -> DpopPolicy.OFF;
            case "allowed" -> DpopPolicy.ALLOWED;
            case "required" -> DpopPolicy.REQUIRED;
            default -> throw new IllegalArgumentException("OAUTH_DPOP must be off, allowed or required, got '" + policyText + "'");
        };
        String secret = blankToNull(env.get("OAUTH_DPOP_NONCE_SECRET"));
        if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            // never echo a secret, not even a short one
            throw new IllegalArgumentException("OAUTH_DPOP_NONCE_SECRET must be at least 32 bytes long");
        }
        String memberList = blankToNull(env.get("OAUTH_REPLAY_MEMBERS"));
        String portText = blankToNull(env.get("OAUTH_REPLAY_PORT"));
        if ((memberList == null) != (portText == null)) {
            throw new IllegalArgumentException("OAUTH_REPLAY_MEMBERS and OAUTH_REPLAY_PORT go together: every member's host:port, and this one's port");
        }
        List<String> members = new ArrayList<>();
        int replayPort = 0;
        if (memberList != null) {
            for (String member : memberList.split(",")) {
                members.add(member(member.trim()));
            }
            replayPort = port("OAUTH_REPLAY_PORT", portText, 1);
        }
        String replayHost = blankToNull(env.get("OAUTH_REPLAY_HOST"));
        InetAddress memberHost = host(replayHost != null ? replayHost : env.getOrDefault("HOST", "127.0.0.1").trim());
        if (!members.isEmpty() && (memberHost.isAnyLocalAddress() || memberHost instanceof java.net.Inet6Address)) {
            // the member takes unauthenticated connections: one known IPv4 interface, never every one
            throw new IllegalArgumentException("OAUTH_REPLAY_HOST (default HOST) must be one IPv4 interface for the replay member, got "
                    + memberHost.getHostAddress());
        }
        return new Dpop(policy, bool(env, "OAUTH_DPOP_NONCE"), secret, List.copyOf(members), replayPort, memberHost);
    }

    /** {@code host:port}, {@code [v6]:port}: the host as {@link #host(String)} accepts it, the port from 1 to 65535. */
    private static String member(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || value.contains(":") && !value.startsWith("[") && value.indexOf(':') != colon) {
            throw new IllegalArgumentException("OAUTH_REPLAY_MEMBERS must list host:port entries, got '" + value + "'");
        }
        try {
            host(value.substring(0, colon));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OAUTH_REPLAY_MEMBERS must list host:port entries, got '" + value + "'");
        }
        port("OAUTH_REPLAY_MEMBERS", value.substring(colon + 1), 1);
        return value;
    }

    private static int port(String name, String text, int lowest) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= lowest && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " must be a port from " + lowest + " to 65535, got '" + text + "'");
    }

    private static boolean bool(Map<String, String> env, String name) {
        String text = env.getOrDefault(name, "false").trim();
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, got '" + text + "'");
        }
        return text.equals("true");
    }

    /** An absolute http(s) URL without query or fragment: what clients put before the API's paths. */
    private static URI publicUrl(String value) {
        URI uri = url("API_PUBLIC_URL", value);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("API_PUBLIC_URL must be an http(s) URL without user, query or fragment, got '" + value + "'");
        }
        return uri;
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
