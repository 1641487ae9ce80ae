package consumer.harness;

import dev.jaxrsoauth.testing.MockAuthorizationServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a consumer application as production runs it, against the mock authorization server, and checks the answers. */
public final class Harness {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Harness() {
    }

    /** What a user's API must answer, in order: no token, an expired one, a missing scope, a good token (status and body). */
    public static final List<String> EXPECTED = List.of(
            "401 {\"code\":\"invalid_token\",\"message\":\"An access token is required\"}",
            "401 {\"code\":\"invalid_token\",\"message\":\"The access token has expired\"}",
            "403 {\"code\":\"insufficient_scope\",\"message\":\"The access token does not grant the scope this resource requires\"}",
            "200 hello alice");

    /**
     * @param mainClass the application's main class: it prints {@code listening on <url>} once it serves
     * @return what it answered to the requests of {@link #EXPECTED}, as status and body
     */
    public static List<String> answers(String mainClass) throws Exception {
        String classpath = System.getProperty("consumer.classes") + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("consumer.classpath"))).trim();
        try (MockAuthorizationServer as = MockAuthorizationServer.start()) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, mainClass).redirectErrorStream(true);
            builder.environment().put("OAUTH_ISSUER", as.issuer());
            Process app = builder.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder log = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("listening on ")) {
                    log.append(line).append('\n');
                }
                if (line == null) {
                    throw new AssertionError("the application did not start:\n" + log);
                }
                URI hello = URI.create(line.substring("listening on ".length()) + "/hello");
                return List.of(answer(get(hello, null)),
                        answer(get(hello, "Bearer " + as.token().expiresAt(java.time.Instant.now().minusSeconds(600)).sign())),
                        answer(get(hello, "Bearer " + as.token().scope("write").sign())),
                        answer(get(hello, "Bearer " + as.token().subject("alice").sign())));
            } finally {
                app.destroy();
                app.waitFor(10, TimeUnit.SECONDS);
                app.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String answer(HttpResponse<String> response) {
        return response.statusCode() + " " + response.body();
    }
}
