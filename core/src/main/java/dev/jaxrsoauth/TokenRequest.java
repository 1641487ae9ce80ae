package dev.jaxrsoauth;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one request presents to authenticate: the token and the scheme it came with, and what a sender-constrained
 * token is checked against: the HTTP method, the request URI as the client sent it, the headers, and the client's
 * TLS certificate chain where the runtime exposes it. The library's filter builds one per request and hands it to
 * {@link TokenValidator#validate(TokenRequest)}; build one yourself to validate outside Jakarta REST. Immutable.
 *
 * <pre>{@code
 * TokenPrincipal caller = validator.validate(TokenRequest.bearer(token));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TokenRequest {

    /** The {@code Authorization} scheme the token came with. */
    public enum Scheme {
        /** RFC 6750 bearer token (also a token from the query, where enabled). */
        BEARER,
        /** RFC 9449 DPoP-bound token, with a proof in the {@code DPoP} header. */
        DPOP
    }

    private final Scheme scheme;
    private final String token;
    private final String method;
    private final URI uri;
    private final Function<String, List<String>> headers;
    private final List<X509Certificate> clientCertificates;

    private TokenRequest(Builder b) {
        this.scheme = b.scheme;
        this.token = b.token;
        this.method = b.method;
        this.uri = b.uri;
        this.headers = b.headers;
        this.clientCertificates = b.clientCertificates;
    }

    /**
     * @param token a bearer token, without the scheme
     * @return a request that presents only the token (no method, URI, headers or certificates)
     */
    public static TokenRequest bearer(String token) {
        return builder(Scheme.BEARER, token).build();
    }

    /**
     * @param scheme the scheme the token came with
     * @param token the token, without the scheme
     * @return a builder
     */
    public static Builder builder(Scheme scheme, String token) {
        return new Builder(scheme, token);
    }

    /** @return the scheme the token came with */
    public Scheme scheme() {
        return scheme;
    }

    /** @return the token, without the scheme */
    public String token() {
        return token;
    }

    /** @return the HTTP method, or {@code null} outside HTTP */
    public String method() {
        return method;
    }

    /** @return the request URI as the client sent it (the public URL behind a proxy), or {@code null} outside HTTP */
    public URI uri() {
        return uri;
    }

    /**
     * @param name a header name, in any case
     * @return every value of that header as received, never {@code null}
     */
    public List<String> headers(String name) {
        List<String> values = headers.apply(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    /** @return the client's TLS certificate chain, leaf first, or empty where the runtime does not expose it */
    public List<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    /** Never the token (not even as a query parameter), nor the query: requests end up in logs. */
    @Override
    public String toString() {
        String target = uri == null ? "" : uri.toString().replaceFirst("[?#].*", "");
        return "TokenRequest[" + scheme + (method == null ? "" : " " + method + " " + target) + "]";
    }

    /**
     * Builds a {@link TokenRequest}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Scheme scheme;
        private final String token;
        private String method;
        private URI uri;
        private Function<String, List<String>> headers = name -> List.of();
        private List<X509Certificate> clientCertificates = List.of();

        private Builder(Scheme scheme, String token) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            this.token = token;
        }

        /** @param method the HTTP method @return this builder */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /** @param uri the request URI as the client sent it @return this builder */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** @param headers every value of a header by name (case-insensitive), {@code null} or empty when absent @return this builder */
        public Builder headers(Function<String, List<String>> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** @param chain the client's TLS certificate chain, leaf first @return this builder */
        public Builder clientCertificates(List<X509Certificate> chain) {
            this.clientCertificates = List.copyOf(chain);
            return this;
        }

        /** @return the request */
        public TokenRequest build() {
            return new TokenRequest(this);
        }
    }
}
