package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads the token of a request (RFC 6750 §2.1, RFC 9449 §7.1): exactly one {@code Authorization} header with the
 * {@code Bearer} or {@code DPoP} scheme (any case), one or more spaces (or tabs), and a b64token. A token in the {@code access_token} query
 * parameter (§2.3) is used only when enabled, and never together with a header.
 */
final class BearerTokens {

    private static final String BEARER = "Bearer";
    private static final String DPOP = "DPoP";

    private final boolean queryParameter;

    BearerTokens(boolean queryParameter) {
        this.queryParameter = queryParameter;
    }

    /** Servlet containers expose the client's TLS certificate chain under this request attribute (Servlet 6.0 §3.10). */
    static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    /**
     * @param publicUrl the URL clients call the application at (its base URI as they see it), or {@code null} to take
     *                  the container's view
     * @return what the request presents: its token and scheme, and the method, URI, headers and client certificates
     *         a sender-constrained token is checked against
     * @throws InvalidTokenException {@link Reason#MISSING} when there is no bearer or DPoP token
     * @throws InvalidRequestException when the request carries credentials in a malformed way
     */
    TokenRequest read(ContainerRequestContext request, URI publicUrl) {
        // the raw list: getHeaderString would join two Authorization headers with a comma
        Credentials credentials = credentials(request.getHeaders().get(HttpHeaders.AUTHORIZATION), queryTokens(request));
        URI uri = request.getUriInfo().getRequestUri();
        if (publicUrl != null) {
            uri = publicTarget(publicUrl, request.getUriInfo().getBaseUri().getRawPath(), uri.getRawPath(), uri);
        }
        TokenRequest.Builder presented = TokenRequest.builder(credentials.scheme(), credentials.token())
                .method(request.getMethod())
                .uri(uri)
                .headers(request.getHeaders()::get);
        if (request.getProperty(CLIENT_CERTIFICATES) instanceof X509Certificate[] chain) {
            presented.clientCertificates(List.of(chain));
        }
        return presented.build();
    }

    /**
     * Behind a proxy the container's scheme and host are not the client's: the request as the client addressed it is the
     * public URL followed by the path below the application's base ({@code /api} for base {@code /api/} included).
     * A path outside the base (which the runtime would not have routed here) keeps the container's view: no proof
     * names it.
     */
    static URI publicTarget(URI publicUrl, String basePath, String requestPath, URI containerView) {
        String base = basePath == null || basePath.isEmpty() ? "/" : basePath.endsWith("/") ? basePath : basePath + "/";
        String path = requestPath == null ? "" : requestPath;
        String relative;
        if (path.startsWith(base)) {
            relative = path.substring(base.length());
        } else if ((path + "/").equals(base)) {
            relative = "";
        } else {
            return containerView;
        }
        String root = publicUrl.toString();
        if (relative.isEmpty()) {
            return publicUrl;
        }
        return URI.create(root.endsWith("/") ? root + relative : root + "/" + relative);
    }

    /** Decodes the query only when it may name {@code access_token}: a malformed query elsewhere is not our business. */
    private static List<String> queryTokens(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawQuery();
        // an encoded name (access%5Ftoken) is the same parameter: decode whenever the query could spell it
        if (raw == null || !raw.contains("access_token") && !raw.contains("%")) {
            return null;
        }
        try {
            return request.getUriInfo().getQueryParameters().get("access_token");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(InvalidRequestException.MALFORMED_QUERY, "query string cannot be decoded");
        }
    }

    /**
     * @param authorization every {@code Authorization} header value as received (not comma-joined), or {@code null}
     * @param queryTokens every {@code access_token} query parameter value, or {@code null}
     * @return the token
     * @throws InvalidTokenException {@link Reason#MISSING} when there is no bearer token
     * @throws InvalidRequestException when the request carries credentials in a malformed way
     */
    String extract(List<String> authorization, List<String> queryTokens) {
        Credentials credentials = credentials(authorization, queryTokens);
        if (credentials.scheme() != TokenRequest.Scheme.BEARER) {
            throw new InvalidTokenException(Reason.MISSING, "Authorization header has another scheme");
        }
        return credentials.token();
    }

    /** A token and the scheme it came with. */
    record Credentials(TokenRequest.Scheme scheme, String token) {
    }

    /**
     * @return the one token the request carries: {@code Authorization: Bearer}, {@code Authorization: DPoP}
     *         (RFC 9449 §7.1, the proof is checked by the validator), or the query where enabled
     */
    Credentials credentials(List<String> authorization, List<String> queryTokens) {
        int headers = authorization == null ? 0 : authorization.size();
        int queries = queryTokens == null ? 0 : queryTokens.size();
        if (headers > 1) {
            throw new InvalidRequestException(InvalidRequestException.MULTIPLE_TOKENS, headers + " Authorization headers");
        }
        if (queries > 0 && (headers > 0 || queries > 1)) {
            throw new InvalidRequestException(InvalidRequestException.MULTIPLE_TOKENS, "access_token query parameter beside another token");
        }
        if (headers == 1) {
            return fromHeader(authorization.get(0));
        }
        if (queries == 1 && queryParameter) {
            return new Credentials(TokenRequest.Scheme.BEARER, b64token(queryTokens.get(0)));
        }
        throw new InvalidTokenException(Reason.MISSING, queries == 1 ? "access_token query parameter is disabled" : "no Authorization header");
    }

    private static Credentials fromHeader(String header) {
        TokenRequest.Scheme scheme = scheme(header);
        String name = scheme == TokenRequest.Scheme.BEARER ? BEARER : DPOP;
        if (header.length() == name.length()) {
            throw new InvalidRequestException(InvalidRequestException.MALFORMED_HEADER, name + " without a token");
        }
        int start = name.length();
        while (start < header.length() && isSeparator(header.charAt(start))) {
            start++;
        }
        if (start == header.length()) {
            throw new InvalidRequestException(InvalidRequestException.MALFORMED_HEADER, name + " without a token");
        }
        return new Credentials(scheme, b64token(header.substring(start)));
    }

    /** {@code Bearer} or {@code DPoP} (any case) followed by a separator or nothing; another scheme is no token of ours. */
    private static TokenRequest.Scheme scheme(String header) {
        for (TokenRequest.Scheme scheme : TokenRequest.Scheme.values()) {
            String name = scheme == TokenRequest.Scheme.BEARER ? BEARER : DPOP;
            if (header.regionMatches(true, 0, name, 0, name.length())
                    && (header.length() == name.length() || isSeparator(header.charAt(name.length())))) {
                return scheme;
            }
        }
        // Basic, or "Bearerx...": challenge without an error (RFC 6750 §3.1)
        throw new InvalidTokenException(Reason.MISSING, "Authorization header has another scheme");
    }

    /**
     * RFC 6750 §2.1 separates scheme and token with spaces; a tab is accepted too, because Undertow turns it into a
     * space before any application code sees the header, and the same request must get the same answer on every
     * runtime. The token itself is unaffected: it is still exactly one b64token.
     */
    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t';
    }

    /** b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 6750 §2.1). */
    private static String b64token(String token) {
        int i = 0;
        int n = token.length();
        while (i < n && isTokenChar(token.charAt(i))) {
            i++;
        }
        int body = i;
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        if (body == 0 || i != n) {
            throw new InvalidTokenException(Reason.MALFORMED, "token is not a b64token");
        }
        return token;
    }

    /** RFC 6750 §2.1 b64token characters (before any trailing {@code =}), by character code. */
    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHARS[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        }
    }

    private static boolean isTokenChar(char c) {
        return c < 128 && TOKEN_CHARS[c];
    }
}
