package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.testing.MockAuthorizationServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The authorization server for the HTTP load benchmark: runs the mock server on loopback, writes {@code count}
 * distinct valid tokens (scope {@code read}, one hour) to a file, prints {@code ISSUER=<issuer>}, and serves until
 * killed. Usage: {@code java -cp benchmarks.jar dev.jaxrsoauth.benchmarks.TokenServer tokens.txt 2000}.
 */
public final class TokenServer {

    private TokenServer() {
    }

    /**
     * @param args the tokens file and how many tokens to write
     * @throws IOException if the file cannot be written
     * @throws InterruptedException when stopped
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        MockAuthorizationServer server = MockAuthorizationServer.start();
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(server.token().subject("user-" + i).scope("read").expiresAt(expiry).sign());
        }
        Files.write(file, tokens);
        System.out.println("ISSUER=" + server.issuer());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new CountDownLatch(1).await();
    }
}
