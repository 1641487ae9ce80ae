package dev.jaxrsoauth.doctor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jaxrsoauth.AuthorizationServerException;
import dev.jaxrsoauth.IntrospectionValidator;
import dev.jaxrsoauth.InvalidTokenException;
import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.OAuthException;
import dev.jaxrsoauth.TokenPrincipal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Explains why a token is accepted or refused: discovery, the key set, the key, every header and claim rule with what
 * usually breaks it and how to fix it on common servers, and the library's own verdict ({@link JwtValidator}, or
 * {@link IntrospectionValidator} when asked). It never prints the signature and sends the token nowhere but to the
 * introspection endpoint, and only with {@code --introspect}.
 *
 * <pre>
 * java -jar jaxrs-oauth-doctor.jar --issuer https://id.example.com/realms/demo --audience orders-api &lt; token.txt
 * </pre>
 */
public final class TokenDoctor {

    /** The algorithms {@code JwtValidator} accepts by default (asymmetric only). */
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA", "Ed25519", "Ed448");
    private static final Set<String> TYPES = Set.of("at+jwt", "jwt");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String GRAPH = "00000003-0000-0000-c000-000000000000";
    private static final int MAX_DOCUMENT = 1 << 20;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * What to check.
     *
     * @param issuer the trusted issuer, exactly as the API configures it
     * @param audiences the accepted audiences
     * @param token the token, with or without a {@code Bearer }/{@code DPoP } prefix
     * @param jwksUri the key set, or {@code null} to discover it
     * @param clockSkew the allowed clock difference
     * @param introspect whether to ask the introspection endpoint too (sends the token there)
     * @param introspectionUri the endpoint, or {@code null} to discover it
     * @param clientId the API's client id for introspection
     * @param clientSecret its secret
     */
    public record Options(String issuer, List<String> audiences, String token, URI jwksUri, Duration clockSkew, boolean introspect,
                          URI introspectionUri, String clientId, String clientSecret) {
    }

    private final Options options;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Diagnosis d = new Diagnosis();
    private Map<String, Object> metadata;

    private TokenDoctor(Options options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /**
     * @param options what to check
     * @param clock the time to check against
     * @return every step and the verdict
     */
    public static Diagnosis diagnose(Options options, Clock clock) {
        return new TokenDoctor(options, clock).run();
    }

    private Diagnosis run() {
        String token = options.token().strip();
        String lower = token.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ") || lower.startsWith("dpop ")) {
            token = token.substring(token.indexOf(' ') + 1).strip();
        }
        String[] parts = token.split("\\.", -1);
        Map<String, Object> header = null;
        Map<String, Object> claims = null;
        if (parts.length == 3) {
            d.pass("format", "a signed JWT (JWS compact), " + token.length() + " characters; the signature is never shown");
            header = decode(parts[0], "header");
            claims = header == null ? null : decode(parts[1], "payload");
        } else if (parts.length == 5) {
            d.fail("format", "an encrypted JWT (JWE, 5 parts)",
                    "The API cannot read encrypted tokens. Have the authorization server issue signed access tokens "
                            + "(Auth0: no token encryption on the API; Keycloak: no 'Access token encryption' on the client), or use --introspect.");
        } else if (parts.length == 1 && !token.isEmpty()) {
            String detail = "an opaque token (no dots), " + token.length() + " characters";
            if (options.introspect()) {
                d.info("format", detail);
            } else {
                d.fail("format", detail, "Opaque tokens can only be checked by the authorization server: run again with --introspect "
                        + "(and --client-id/--client-secret of the API). Auth0 issues opaque tokens when the request had no 'audience' parameter.");
            }
        } else {
            d.fail("format", token.isEmpty() ? "no token given" : "not a JWT: " + parts.length + " dot-separated parts",
                    "Paste the access token itself (three base64url parts separated by dots), not the whole token response.");
        }
        if (header != null && claims != null) {
            header(header);
            claims(claims);
        }
        URI jwks = keys(header);
        Result local = header != null && claims != null ? verdict(token, jwks, claims) : null;
        Result remote = options.introspect() ? introspect(token) : null;
        if (local == null && remote == null) {
            d.verdict(false, "not a readable signed JWT");
        } else if (local != null && remote != null) {
            d.verdict(local.accepted() && remote.accepted(), local.text() + "; " + remote.text());
        } else {
            Result only = local != null ? local : remote;
            d.verdict(only.accepted(), only.text());
        }
        return d;
    }

    /** One validator's answer. */
    private record Result(boolean accepted, String text) {
    }

    // --- header and claims

    private Map<String, Object> decode(String part, String name) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            Map<String, Object> map = JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
            if ("header".equals(name)) {
                d.info("header", JSON.writeValueAsString(map));
            }
            return map;
        } catch (IllegalArgumentException | IOException e) {
            d.fail(name, "not base64url-encoded JSON (" + e.getClass().getSimpleName() + ")",
                    "The token was cut or changed on the way (copy it again, without line breaks or quotes).");
            return null;
        }
    }

    private void header(Map<String, Object> header) {
        Object alg = header.get("alg");
        if (alg instanceof String a && ALGORITHMS.contains(a)) {
            d.pass("alg", a);
        } else if ("none".equals(alg)) {
            d.fail("alg", "none: an unsigned token", "Unsigned tokens are never accepted. Get a token from the authorization server's token endpoint.");
        } else if (alg instanceof String a && a.startsWith("HS")) {
            d.fail("alg", a + ": signed with a shared secret",
                    "The API verifies with the issuer's public keys only. Have the server sign with RS256 or ES256 "
                            + "(Auth0: API settings, Signing Algorithm RS256; Keycloak: the realm's RSA or EC key and the client's "
                            + "'Access token signature algorithm').");
        } else {
            d.fail("alg", String.valueOf(alg), "Not an accepted algorithm: " + String.join(", ", new java.util.TreeSet<>(ALGORITHMS)) + ".");
        }
        Object typ = header.get("typ");
        String type = typ instanceof String t ? t.toLowerCase(Locale.ROOT).replaceFirst("^application/", "") : null;
        if (typ == null) {
            d.pass("typ", "absent (accepted unless typeRequired(true))");
        } else if (type != null && TYPES.contains(type)) {
            d.pass("typ", String.valueOf(typ));
        } else {
            d.fail("typ", String.valueOf(typ), "dpop+jwt".equals(type)
                    ? "This is a DPoP proof, not the access token: send the token in Authorization and the proof in the DPoP header."
                    : "Access tokens are typed at+jwt (RFC 9068) or JWT; this type is another kind of token (RFC 8725 §3.11). "
                            + "Send the access token, or add the type with acceptedTypes(..) if your server types access tokens so.");
        }
        for (String name : List.of("crit", "zip")) {
            if (header.containsKey(name)) {
                d.fail(name, "present", "Critical extensions and compressed payloads are refused; the authorization server must not use them.");
            }
        }
        for (String name : List.of("jwk", "jku", "x5u", "x5c")) {
            if (header.containsKey(name)) {
                d.info(name, "present and ignored: keys come only from the issuer's key set");
            }
        }
    }

    private void claims(Map<String, Object> claims) {
        List<String> seen = new ArrayList<>();
        for (String name : List.of("sub", "client_id", "azp", "scope", "scp", "roles", "acr", "auth_time")) {
            if (claims.containsKey(name)) {
                seen.add(name + "=" + value(claims.get(name)));
            }
        }
        d.info("claims", seen.isEmpty() ? "no subject, client or scope claims" : String.join(", ", seen));
        kind(claims);
        issuer(claims.get("iss"));
        audience(claims.get("aud"));
        times(claims);
        if (claims.get("cnf") instanceof Map<?, ?> cnf) {
            d.info("cnf", "bound to a key (" + String.join(", ", cnf.keySet().stream().map(String::valueOf).toList())
                    + "): the API wants it with Authorization: DPoP and a proof for each request; the doctor checks the token alone");
        }
    }

    private void kind(Map<String, Object> claims) {
        for (String name : List.of("at_hash", "c_hash", "s_hash")) {
            if (claims.containsKey(name)) {
                d.fail("kind", "an ID token (" + name + ")", idTokenHint());
                return;
            }
        }
        Object typ = claims.get("typ");
        if (typ != null && !(typ instanceof String t && Set.of("bearer", "dpop").contains(t.toLowerCase(Locale.ROOT)))) {
            d.fail("kind", "payload typ " + value(typ) + ": not an access token",
                    "Keycloak signs ID, refresh and logout tokens with the same key and names them in typ (ID, Refresh, Logout). "
                            + "Send the access_token of the token response.");
            return;
        }
        if (claims.containsKey("events")) {
            d.fail("kind", "a logout or security event token (events)", "Send an access token.");
            return;
        }
        if (claims.containsKey("nonce") && !claims.containsKey("scope") && !claims.containsKey("scp")) {
            d.fail("kind", "an ID token (nonce without scope)", idTokenHint());
            return;
        }
        d.pass("kind", "an access token (no ID, refresh or logout token marks)");
    }

    private static String idTokenHint() {
        return "The token response has an access_token and an id_token; the ID token is for the client, the API needs the access token.";
    }

    private void issuer(Object iss) {
        String configured = options.issuer();
        if (configured.equals(iss)) {
            d.pass("iss", configured);
            return;
        }
        String seen = iss == null ? "missing" : value(iss);
        String hint;
        if (!(iss instanceof String token)) {
            hint = "Access tokens must name their issuer.";
        } else if (strip(token).equals(strip(configured))) {
            hint = "Only a trailing slash differs, and issuers are compared exactly. Auth0's issuer ends with '/' "
                    + "(https://<tenant>.auth0.com/); configure the issuer exactly as the token's iss.";
        } else if (token.startsWith("https://sts.windows.net/") && configured.contains("login.microsoftonline.com/")
                || token.contains("login.microsoftonline.com/") && configured.startsWith("https://sts.windows.net/")) {
            hint = "Entra ID issues v1 tokens (iss https://sts.windows.net/<tenant>/) and v2 tokens (iss https://login.microsoftonline.com/<tenant>/v2.0). "
                    + "The version follows the API's app registration, not the client: set \"accessTokenAcceptedVersion\": 2 in its manifest, "
                    + "or trust the issuer the tokens carry (both with MultiIssuerValidator).";
        } else if (path(token).equals(path(configured))) {
            hint = "Same path on another host or scheme. Keycloak writes into iss the URL the client used to reach it: set its "
                    + "hostname (KC_HOSTNAME) so that every token carries the public URL, and configure that one.";
        } else {
            hint = "The token comes from another issuer (another realm, tenant or environment). Configure the issuer exactly as the "
                    + "token's iss if you trust it, or get a token from " + configured + ".";
        }
        d.fail("iss", seen + " (configured: " + configured + ")", hint);
    }

    private void audience(Object aud) {
        List<String> values = aud instanceof String s ? List.of(s)
                : aud instanceof Collection<?> c ? c.stream().filter(String.class::isInstance).map(String.class::cast).toList() : List.of();
        List<String> accepted = options.audiences();
        if (values.stream().anyMatch(accepted::contains)) {
            d.pass("aud", value(aud));
            return;
        }
        String hint;
        if (aud == null) {
            hint = "The token names no audience. Keycloak: add an Audience mapper for your API (Clients > the client > Client scopes > "
                    + "dedicated scope > Add mapper > Audience). Auth0: request the token with audience=<your API's identifier>.";
        } else if (values.contains("account")) {
            hint = "Keycloak's default audience is 'account' (its account console), not your API. Add an Audience mapper: Clients > "
                    + "the client > Client scopes > dedicated scope > Add mapper > By configuration > Audience, Included Client Audience: "
                    + "your API's client (or a client scope holding that mapper), then get a new token.";
        } else if (values.stream().anyMatch(v -> v.endsWith("/userinfo"))) {
            hint = "An Auth0 token for its userinfo endpoint: the request had no 'audience' parameter. Request it with "
                    + "audience=<your API's identifier> (Auth0 dashboard: Applications > APIs > Identifier).";
        } else if (values.contains(GRAPH)) {
            hint = "A token for Microsoft Graph, not your API. Request a scope your API exposes (api://<app-id>/<scope>, or "
                    + "api://<app-id>/.default for client credentials).";
        } else if (values.stream().anyMatch(v -> v.startsWith("api://")) && accepted.stream().anyMatch(a -> GUID.matcher(a).matches())
                || values.stream().anyMatch(v -> GUID.matcher(v).matches()) && accepted.stream().anyMatch(a -> a.startsWith("api://"))) {
            hint = "Entra ID v1 tokens carry the Application ID URI (api://...) in aud, v2 tokens the application (client) ID. "
                    + "Accept both: audience(\"api://<app-id>\", \"<app-id>\").";
        } else {
            hint = "The token was issued for another API. Request it for yours (Auth0: audience parameter; Entra: a scope of your API; "
                    + "Keycloak: an Audience mapper), or accept that audience.";
        }
        d.fail("aud", (aud == null ? "missing" : value(aud)) + " (accepted: " + String.join(", ", accepted) + ")", hint);
    }

    private void times(Map<String, Object> claims) {
        Instant now = clock.instant();
        long skew = options.clockSkew().toSeconds();
        Object exp = claims.get("exp");
        if (!(exp instanceof Number e) || !numericDate(e)) {
            d.fail("exp", exp == null ? "missing" : "not a NumericDate: " + value(exp), "Access tokens must carry an expiry: seconds since 1970, "
                    + "from 0 to the year 9999.");
        } else {
            Instant at = Instant.ofEpochSecond(e.longValue());
            if (now.isAfter(at.plusSeconds(skew))) {
                d.fail("exp", at + ", " + ago(Duration.between(at, now)) + " ago",
                        "The token has expired: get a new one (or refresh it). If it was issued moments ago, the clocks of this machine and "
                                + "the authorization server disagree by more than the " + skew + " s allowed (clockSkew): check NTP on both.");
            } else {
                d.pass("exp", at + ", in " + ago(Duration.between(now, at)));
            }
        }
        for (String name : List.of("nbf", "iat")) {
            Object value = claims.get(name);
            if (value == null) {
                continue;
            }
            if (!(value instanceof Number n) || !numericDate(n)) {
                d.fail(name, "not a NumericDate: " + value(value), "A NumericDate is a number of seconds since 1970, up to the year 9999.");
                continue;
            }
            Instant at = Instant.ofEpochSecond(n.longValue());
            if (at.isAfter(now.plusSeconds(skew))) {
                d.fail(name, at + ", " + ago(Duration.between(now, at)) + " in the future",
                        "The authorization server's clock is ahead of this machine's by more than the " + skew
                                + " s allowed (clockSkew). Synchronise both with NTP, or raise clockSkew a little.");
            } else {
                d.pass(name, at.toString());
            }
        }
    }

    /** The library's NumericDate bounds: no negative times, nothing past the year 9999. */
    private static boolean numericDate(Number value) {
        double seconds = value.doubleValue();
        return seconds >= 0 && seconds <= 253_402_300_799L;
    }

    // --- discovery, keys, verdict

    private URI keys(Map<String, Object> header) {
        URI jwks = options.jwksUri();
        if (jwks == null) {
            jwks = discover();
        } else {
            d.skip("discovery", "--jwks-uri given");
        }
        if (jwks == null) {
            d.skip("jwks", "no key set URL");
            return null;
        }
        long start = System.nanoTime();
        Map<String, Object> set;
        try {
            set = fetch(jwks);
        } catch (IOException e) {
            d.fail("jwks", jwks + ": " + e.getMessage(), "The key set cannot be read: check the URL and that this machine reaches it.");
            return jwks;
        }
        List<Map<?, ?>> keys = set.get("keys") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).<Map<?, ?>>map(k -> (Map<?, ?>) k).toList() : List.of();
        d.pass("jwks", jwks + " (" + millis(start) + "): " + keys.size() + " key(s): "
                + keys.stream().map(k -> value(k.get("kid")) + " " + value(k.get("kty")) + (k.get("alg") != null ? " " + value(k.get("alg")) : ""))
                .collect(Collectors.joining(", ")));
        if (header == null) {
            return jwks;
        }
        Object kid = header.get("kid");
        List<Map<?, ?>> matches = keys.stream().filter(k -> kid == null || kid.equals(k.get("kid"))).toList();
        if (kid == null && keys.size() != 1) {
            d.fail("key", "the token has no kid and the key set holds " + keys.size() + " keys",
                    "Without a kid the key is ambiguous. Have the authorization server put kid in the header.");
        } else if (matches.isEmpty()) {
            d.fail("key", "kid " + value(kid) + " is not in the key set",
                    "The token was signed by a key this issuer does not publish: it comes from another realm, tenant or environment "
                            + "(dev and prod), or the key was rotated away. A brand-new key is fetched at once when a token names it.");
        } else {
            Map<?, ?> key = matches.get(0);
            d.pass("key", "kid " + value(key.get("kid")) + ": " + value(key.get("kty"))
                    + (key.get("alg") != null ? ", alg " + value(key.get("alg")) : "") + (key.get("use") != null ? ", use " + value(key.get("use")) : ""));
        }
        return jwks;
    }

    private URI discover() {
        String issuer = options.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI issuerUri;
        try {
            issuerUri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            d.fail("discovery", "the issuer is not a URL", "The issuer is a URL such as https://id.example.com/realms/demo.");
            return null;
        }
        String path = issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath().replaceAll("/$", "");
        List<URI> candidates = new ArrayList<>(List.of(URI.create(base + "/.well-known/openid-configuration")));
        if (issuerUri.getScheme() != null && issuerUri.getRawAuthority() != null) {
            candidates.add(URI.create(issuerUri.getScheme() + "://" + issuerUri.getRawAuthority() + "/.well-known/oauth-authorization-server" + path));
        }
        List<String> failures = new ArrayList<>();
        for (URI candidate : candidates) {
            long start = System.nanoTime();
            try {
                Map<String, Object> found = fetch(candidate);
                if (!issuer.equals(found.get("issuer"))) {
                    d.fail("discovery", candidate + " names issuer " + value(found.get("issuer")),
                            "The metadata's issuer must equal the configured one exactly (RFC 8414 §3.3): configure "
                                    + value(found.get("issuer")) + ", or fix the server's public URL.");
                    return null;
                }
                Object jwks = found.get("jwks_uri");
                if (!(jwks instanceof String uri)) {
                    d.fail("discovery", candidate + " has no jwks_uri", "Set the key set's URL with --jwks-uri (jwksUri(..) in the API).");
                    return null;
                }
                URI location = URI.create(uri);
                metadata = found;
                d.pass("discovery", candidate + " (" + millis(start) + "): issuer matches, jwks_uri " + uri);
                return location;
            } catch (IOException | IllegalArgumentException e) {
                failures.add(candidate + ": " + e.getMessage());
                if (!(e instanceof NotFound)) {
                    // as the library: the other document is tried only when this one does not exist
                    break;
                }
            }
        }
        d.fail("discovery", String.join("; ", failures),
                "Check the issuer URL: Keycloak https://<host>/realms/<realm>, Entra ID v2 https://login.microsoftonline.com/<tenant>/v2.0, "
                        + "Auth0 https://<tenant>.auth0.com/, Okta https://<org>.okta.com/oauth2/default. Without discovery, give --jwks-uri.");
        return null;
    }

    /** A document that does not exist (404): discovery then tries the other well-known address. */
    private static final class NotFound extends IOException {
        NotFound() {
            super("answered 404");
        }
    }

    /** @return the JSON object at {@code uri}, read within {@link #DEADLINE} in all (headers and body), at most 1 MiB */
    private Map<String, Object> fetch(URI uri) throws IOException {
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IOException("not an http(s) URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DEADLINE).header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<byte[]> read = sent.thenApplyAsync(response -> {
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404) {
                    throw new java.io.UncheckedIOException(new NotFound());
                }
                if (response.statusCode() != 200) {
                    throw new java.io.UncheckedIOException(new IOException("answered " + response.statusCode()));
                }
                byte[] bytes = body.readNBytes(MAX_DOCUMENT + 1);
                if (bytes.length > MAX_DOCUMENT) {
                    throw new java.io.UncheckedIOException(new IOException("larger than 1 MiB"));
                }
                return bytes;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] bytes;
        try {
            // the request timeout covers the headers only (JDK-8258397): this deadline covers a body that trickles too
            bytes = read.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.thenAccept(response -> close(response.body()));
            sent.cancel(true);
            throw new IOException("no complete answer within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof NotFound notFound) {
                throw notFound;
            }
            if (cause != null && cause.getClass() == IOException.class) {
                throw new IOException(cause.getMessage());
            }
            throw new IOException(cause == null ? "failed" : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
        try {
            return JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IOException("not a JSON object");
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // closing to stop a trickle; nothing to add
        }
    }

    private Result verdict(String token, URI jwks, Map<String, Object> claims) {
        JwtValidator validator;
        try {
            JwtValidator.Builder builder = JwtValidator.builder().issuer(options.issuer()).audience(options.audiences().toArray(String[]::new))
                    .clockSkew(options.clockSkew()).clock(clock).tokenCacheSize(0);
            if (jwks != null) {
                builder.jwksUri(jwks);
            }
            validator = builder.build();
        } catch (IllegalArgumentException e) {
            d.fail("settings", e.getMessage(), "The API would refuse to start with these settings.");
            return new Result(false, "the settings are invalid");
        }
        try {
            TokenPrincipal principal = validator.validate(token);
            d.pass("signature", "verified with the issuer's key");
            return new Result(true, "JwtValidator accepts the token: subject " + value(principal.getName()) + ", scopes " + principal.scopes());
        } catch (InvalidTokenException e) {
            InvalidTokenException.Reason reason = e.reason();
            if (reason == InvalidTokenException.Reason.DPOP_BINDING && claims.get("cnf") instanceof Map<?, ?>) {
                // the binding is checked after every rule of the token: a bound token that gets this far is a good token
                d.pass("signature", "verified with the issuer's key");
                return new Result(true, "JwtValidator accepts the token when it comes with Authorization: DPoP and a valid proof "
                        + "(as a Bearer token: 401 invalid_token, DPOP_BINDING)");
            }
            switch (reason) {
                case SIGNATURE -> d.fail("signature", "does not verify", "The token was changed after signing, or signed by another key that "
                        + "has the same kid (another environment with a copied realm or tenant).");
                case EXPIRED, NOT_YET_VALID, ISSUER, AUDIENCE, CLAIMS -> d.pass("signature", "verified with the issuer's key");
                default -> d.skip("signature", "not reached");
            }
            return new Result(false, "401 invalid_token, " + reason.name() + " (" + reason.description() + "): " + e.detail());
        } catch (AuthorizationServerException e) {
            d.skip("signature", "no key");
            return new Result(false, "500, the authorization server could not be used: " + e.detail());
        } catch (OAuthException e) {
            return new Result(false, e.status() + " " + e.errorCode() + ": " + e.detail());
        }
    }

    private Result introspect(String token) {
        URI endpoint = options.introspectionUri();
        if (endpoint == null && metadata != null && metadata.get("introspection_endpoint") instanceof String uri) {
            try {
                endpoint = URI.create(uri);
            } catch (IllegalArgumentException e) {
                d.fail("introspection", "the metadata's introspection_endpoint is not a URL", "Give --introspection-uri.");
                return new Result(false, "introspection: no endpoint");
            }
        }
        if (endpoint == null || options.clientId() == null || options.clientSecret() == null) {
            d.fail("introspection", endpoint == null ? "no endpoint (give --introspection-uri, or an issuer whose metadata names one)"
                    : "no client credentials", "Introspection needs the API's own client id and secret: --client-id and --client-secret.");
            return new Result(false, "introspection could not be asked");
        }
        try {
            IntrospectionValidator validator = IntrospectionValidator.builder().introspectionEndpoint(endpoint).issuer(options.issuer())
                    .audience(options.audiences().toArray(String[]::new)).clientId(options.clientId()).clientSecret(options.clientSecret())
                    .clockSkew(options.clockSkew()).clock(clock).tokenCacheSize(0).build();
            long start = System.nanoTime();
            TokenPrincipal principal = validator.validate(token);
            d.pass("introspection", endpoint + " (" + millis(start) + "): active, subject " + value(principal.getName()) + ", scopes " + principal.scopes());
            return new Result(true, "IntrospectionValidator accepts the token");
        } catch (InvalidTokenException e) {
            d.fail("introspection", endpoint + ": " + e.reason().name() + " (" + e.detail() + ")", e.reason() == InvalidTokenException.Reason.INACTIVE
                    ? "The authorization server says the token is not active: revoked, expired, or issued by another server."
                    : "The answer breaks the rule named: the steps above explain each rule for a JWT with the same claims.");
            return new Result(false, "introspection: 401 invalid_token, " + e.reason().name());
        } catch (AuthorizationServerException e) {
            d.fail("introspection", endpoint + ": " + e.detail(), "Check the endpoint and the API's client credentials (a 401 from the "
                    + "endpoint means they are wrong).");
            return new Result(false, "introspection: 500, the endpoint could not be used");
        } catch (IllegalArgumentException e) {
            d.fail("introspection", e.getMessage(), "The API would refuse to start with these settings.");
            return new Result(false, "introspection: the settings are invalid");
        }
    }

    // --- text

    private static String value(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    private static String strip(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    private static String path(String url) {
        try {
            String path = URI.create(url).getPath();
            return path == null ? "" : strip(path);
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static String ago(Duration duration) {
        long s = Math.abs(duration.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " days";
    }

    private static String millis(long start) {
        return (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    // --- command line

    /**
     * Runs the doctor: exit status 0 when the token is accepted, 1 when it is refused, 2 for a usage error.
     *
     * @param args the arguments (see {@code --help})
     */
    public static void main(String[] args) {
        boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null;
        System.exit(run(args, System.in, System.out, System.err, terminal, Clock.systemUTC()));
    }

    static final String USAGE = """
            usage: jaxrs-oauth-doctor --issuer URL --audience AUD [options] [TOKEN]
              Explains why the API would accept or refuse TOKEN (read from standard input when not given).
              --issuer URL            the trusted issuer, exactly as the API configures it
              --audience AUD          an accepted audience (repeat for several)
              --jwks-uri URL          the key set, when the issuer has no discovery document
              --clock-skew SECONDS    the allowed clock difference (default 60)
              --introspect            also ask the introspection endpoint (sends the token there, and only there)
              --introspection-uri URL the endpoint (default: the issuer metadata's introspection_endpoint)
              --client-id ID          the API's client id, for introspection
              --client-secret SECRET  its secret (or the environment variable OAUTH_CLIENT_SECRET)
              --json                  a JSON report for scripts
              --help                  this text
            exit status: 0 accepted (or --help), 1 refused, 2 usage error
            """;

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean colour, Clock clock) {
        String issuer = null;
        List<String> audiences = new ArrayList<>();
        String token = null;
        URI jwks = null;
        URI introspection = null;
        Duration skew = Duration.ofSeconds(60);
        boolean introspect = false;
        boolean json = false;
        String clientId = null;
        String clientSecret = System.getenv("OAUTH_CLIENT_SECRET");
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--issuer" -> issuer = next(args, ++i, arg);
                    case "--audience" -> audiences.add(next(args, ++i, arg));
                    case "--jwks-uri" -> jwks = url(next(args, ++i, arg), arg);
                    case "--introspection-uri" -> {
                        introspection = url(next(args, ++i, arg), arg);
                        introspect = true;
                    }
                    case "--clock-skew" -> skew = Duration.ofSeconds(seconds(next(args, ++i, arg)));
                    case "--introspect" -> introspect = true;
                    case "--client-id" -> clientId = next(args, ++i, arg);
                    case "--client-secret" -> clientSecret = next(args, ++i, arg);
                    case "--json" -> json = true;
                    case "--no-color" -> colour = false;
                    default -> {
                        if (arg.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + Text.printable(arg.length() > 40 ? arg.substring(0, 40) + "..." : arg));
                        }
                        if (token != null) {
                            // never echoed: it may be the token ("Bearer" and the token as two arguments)
                            throw new IllegalArgumentException("more than one token argument: quote \"Bearer <token>\", or pass the token alone");
                        }
                        token = arg;
                    }
                }
            }
            if (issuer == null || audiences.isEmpty()) {
                throw new IllegalArgumentException("--issuer and --audience are required");
            }
            if (token == null) {
                byte[] bytes = in.readNBytes(1 << 20);
                token = new String(bytes, StandardCharsets.UTF_8).strip();
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Diagnosis diagnosis = diagnose(new Options(issuer, List.copyOf(audiences), token, jwks, skew, introspect, introspection, clientId,
                clientSecret), clock);
        out.print(json ? diagnosis.json() : diagnosis.text(colour));
        return diagnosis.accepted() ? 0 : 1;
    }

    private static String next(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static URI url(String text, String name) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an absolute URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute URL");
        }
    }

    private static long seconds(String text) {
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > 3600) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--clock-skew must be a number of seconds from 0 to 3600");
        }
    }
}
