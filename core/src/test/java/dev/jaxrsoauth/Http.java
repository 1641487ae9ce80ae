package dev.jaxrsoauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A raw HTTP client for scenario tests: sends exactly the headers given (two Authorization headers stay two). */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            // HTTP/1.1: the default h2c upgrade attempt confuses Grizzly (headers lost, POST connections dropped)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    /** A response with its body parsed as JSON where it is JSON. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String code() {
            return json().path("code").asText(null);
        }
    }

    /** @return the absolute URL of a path on this server */
    URI url(String path) {
        return base.resolve(path);
    }

    Reply get(String path, String... headers) {
        return send("GET", path, headers);
    }

    Reply withToken(String path, String token) {
        return send("GET", path, "Authorization", "Bearer " + token);
    }

    Reply send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
