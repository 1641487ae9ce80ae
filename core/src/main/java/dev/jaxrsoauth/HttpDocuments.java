package dev.jaxrsoauth;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Fetches JSON documents (metadata, key sets) from the authorization server: bounded timeouts and size, no
 * redirects, HTTPS unless the host is a loopback address. Every failure is an {@link AuthorizationServerException}.
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

    /** Thrown when the document does not exist (404), so discovery can try the next location. */
    static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }

    Map<String, Object> get(URI uri, String accept) throws NotFound {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", accept).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AuthorizationServerException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthorizationServerException("GET " + uri + " interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                throw new NotFound();
            }
            if (response.statusCode() != 200) {
                throw new AuthorizationServerException("GET " + uri + " answered " + response.statusCode(), null);
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new AuthorizationServerException("GET " + uri + " answered more than " + MAX_BYTES + " bytes", null);
            }
            return Json.STRICT.readValue(bytes, OBJECT);
        } catch (IOException e) {
            throw new AuthorizationServerException("GET " + uri + " answered no JSON object: " + e.getMessage(), e);
        }
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

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // only IP literals are resolved here: never a DNS lookup to decide whether TLS is needed
        if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
