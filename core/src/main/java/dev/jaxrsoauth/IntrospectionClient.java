package dev.jaxrsoauth;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the introspection endpoint about one token (RFC 7662 §2.1): the endpoint configured or discovered, the client
 * authenticated with {@code client_secret_basic} or {@code client_secret_post}, the answer read as JSON or, when
 * asked for, verified as an RFC 9701 JWT. Fails with {@link AuthorizationServerException} for anything but a usable
 * answer; never blocks a thread.
 */
final class IntrospectionClient {

    private final HttpDocuments http;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final IntrospectionValidator.ClientAuthentication authentication;
    private final SignedIntrospectionAnswers signedAnswers;
    private final java.time.Duration requestTimeout;
    private volatile URI endpoint;

    IntrospectionClient(IntrospectionValidator.Builder s) {
        this.http = HttpDocuments.of(s);
        this.issuer = s.issuer;
        this.endpoint = s.endpoint;
        this.clientId = s.clientId;
        this.clientSecret = s.clientSecret;
        this.authentication = s.authentication;
        this.requestTimeout = s.requestTimeout;
        this.signedAnswers = s.signedResponses ? new SignedIntrospectionAnswers(s, s.jwksUri, s.clientId) : null;
    }

    /** @return the answer, one JSON object whose {@code active} is a boolean */
    CompletableFuture<Map<String, ?>> introspect(String token) {
        StringBuilder form = new StringBuilder("token=").append(encode(token)).append("&token_type_hint=access_token");
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", signedAnswers != null ? "application/token-introspection+jwt" : "application/json");
        if (authentication == IntrospectionValidator.ClientAuthentication.CLIENT_SECRET_BASIC) {
            String pair = encode(clientId) + ":" + encode(clientSecret);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.append("&client_id=").append(encode(clientId)).append("&client_secret=").append(encode(clientSecret));
        }
        request.POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        return endpoint().thenCompose(uri -> http.send(request.uri(uri).build()).thenApply(answer -> answer(uri, answer)));
    }

    private Map<String, ?> answer(URI uri, HttpDocuments.Answer answer) {
        if (answer.status() != 200) {
            throw new AuthorizationServerException("POST " + uri + " answered " + answer.status(), null);
        }
        Map<String, ?> result = signedAnswers != null ? signedAnswers.introspection(answer.body())
                : HttpDocuments.json(answer.body(), "POST " + uri);
        if (!(result.get("active") instanceof Boolean)) {
            throw new AuthorizationServerException("POST " + uri + " answered without a boolean active", null);
        }
        return result;
    }

    /** @return the endpoint, or {@code null} until discovery found it */
    URI endpointUri() {
        return endpoint;
    }

    private CompletableFuture<URI> endpoint() {
        URI uri = endpoint;
        if (uri != null) {
            return CompletableFuture.completedFuture(uri);
        }
        return IssuerMetadata.metadata(http, issuer).thenApply(m -> endpoint = IssuerMetadata.endpoint(m, "introspection_endpoint"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
