package dev.jaxrsoauth.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One example started as a user starts it: {@code java -jar <example>/target/<example>.jar}, on 127.0.0.1 and a free
 * port, with only the run contract's variables; its standard error goes to {@code target/<example>-<port>.log}.
 */
final class ExampleJar implements AutoCloseable {

    private final Process process;
    private final URI baseUri;

    private ExampleJar(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    static ExampleJar start(String example, Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty("interop.examples.dir", ".."), example, "target", example + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the examples first (mvn -B verify builds them before this module)");
        }
        Path log = Files.createTempFile(Path.of("target"), example + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectError(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("OAUTH_") || k.startsWith("API_") || k.equals("PORT") || k.equals("HOST"));
        builder.environment().putAll(Map.of("PORT", "0", "HOST", "127.0.0.1"));
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (first == null || !first.startsWith("API listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException(example + " did not start: " + first + "; see " + log);
        }
        // keep reading, so that the example never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, example + "-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ExampleJar(process, URI.create(first.split(" ")[3]));
    }

    /** @return {@code http://127.0.0.1:<port>} */
    URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
