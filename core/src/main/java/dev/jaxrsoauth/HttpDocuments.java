package dev.jaxrsoauth;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches JSON documents (metadata, key sets) from the authorization server without blocking a thread: bounded
 * timeouts and size, no redirects, HTTPS unless the host is a loopback address. Futures fail with an
 * {@link AuthorizationServerException}, or {@link NotFound} for a 404.
 */
final class HttpDocuments {

    static final int MAX_BYTES = 512 * 1024;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final HttpClient client;
    private final Duration requestTimeout;

    HttpDocuments(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** A fetched JSON object and the response headers (for {@code Cache-Control}). */
    record Document(Map<String, Object> json, HttpHeaders headers) {
    }

    /** The document does not exist (404), so discovery can try the next location. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(URI uri) {
            super(uri.toString(), null, false, false);
        }
    }

    /** @return documents fetched with the settings' timeouts and trust store */
    static HttpDocuments of(TokenSettings<?> settings) {
        return new HttpDocuments(client(settings.connectTimeout, settings.sslContext), settings.requestTimeout);
    }

    /** @return the client every fetch uses: the connect timeout, no redirects, the given trust store if any */
    static HttpClient client(Duration connectTimeout, javax.net.ssl.SSLContext sslContext) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        if (sslContext != null) {
            client.sslContext(sslContext);
        }
        return client.build();
    }

    /** A raw answer: status, headers and at most {@link #MAX_BYTES} of body (empty unless the status is 200). */
    record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    CompletableFuture<Document> get(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", accept).GET().build();
        return send(request).thenApply(answer -> {
            if (answer.status() == 404) {
                throw new NotFound(uri);
            }
            if (answer.status() != 200) {
                throw new AuthorizationServerException("GET " + uri + " answered " + answer.status(), null);
            }
            return new Document(json(answer.body(), "GET " + uri), answer.headers());
        });
    }

    /**
     * Sends a request; fails only when no answer arrives (connection, timeout, size), whatever the status.
     *
     * @return the answer, or a future failed with {@link AuthorizationServerException}
     */
    CompletableFuture<Answer> send(HttpRequest request) {
        String what = request.method() + " " + request.uri();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> limited(info.statusCode()));
        // the client's request timeout stops at the response headers (JDK-8258397): bound the whole exchange, and
        // cancel it so that a server dripping bytes does not keep the connection
        CompletableFuture.delayedExecutor(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> exchange.cancel(true));
        return exchange
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof AuthorizationServerException e) {
                            throw e;
                        }
                        String why = cause instanceof CancellationException || cause instanceof TimeoutException
                                ? "timed out after " + requestTimeout.toMillis() + " ms" : cause.toString();
                        throw new AuthorizationServerException(what + " failed: " + why, cause);
                    }
                    return new Answer(response.statusCode(), response.headers(), response.body());
                });
    }

    /** @return the body as one JSON object, or an {@link AuthorizationServerException} naming {@code what} */
    static Map<String, Object> json(byte[] body, String what) {
        try {
            Map<String, Object> json = Json.STRICT.readValue(body, OBJECT);
            if (json == null) {
                throw new AuthorizationServerException(what + " answered JSON null", null);
            }
            return json;
        } catch (IOException e) {
            throw new AuthorizationServerException(what + " answered no JSON object: " + e.getMessage(), e);
        }
    }

    /** Reads at most {@link #MAX_BYTES}, cancelling the download beyond; other statuses keep no body. */
    private static HttpResponse.BodySubscriber<byte[]> limited(int status) {
        if (status != 200) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        return new HttpResponse.BodySubscriber<>() {
            private final CompletableFuture<byte[]> body = new CompletableFuture<>();
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public CompletionStage<byte[]> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                for (ByteBuffer item : items) {
                    if (buffer.size() + item.remaining() > MAX_BYTES) {
                        subscription.cancel();
                        body.completeExceptionally(new AuthorizationServerException("response larger than " + MAX_BYTES + " bytes", null));
                        return;
                    }
                    byte[] bytes = new byte[item.remaining()];
                    item.get(bytes);
                    buffer.write(bytes, 0, bytes.length);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                body.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                body.complete(buffer.toByteArray());
            }
        };
    }

    /** @throws IllegalArgumentException unless the URI is an absolute http(s) URL with a host, without query or fragment */
    static URI requireAbsolute(URI uri, String setting) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(setting + " must be an absolute http(s) URL without query or fragment: " + uri);
        }
        return uri;
    }

    /**
     * @throws IllegalArgumentException unless the URI is absolute HTTPS, or HTTP to a loopback host
     */
    static URI requireSecure(URI uri, String setting) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(setting + " must be an absolute https URL: " + uri);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(setting + " must use https (http is allowed for loopback hosts only): " + uri);
        }
        return uri;
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Only {@code localhost} and IP literals (dotted IPv4, bracketed IPv6): never a DNS lookup to decide on TLS. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (!ipv6 && !IPV4.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
