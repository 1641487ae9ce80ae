package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

/**
 * The authorization server for the HTTP load benchmark: runs the mock server on loopback, writes {@code count}
 * distinct valid tokens (scope {@code read}, one hour) to a file and one token bound to a DPoP key (ES256, its
 * {@code cnf.jkt}) to that file's name plus {@code .dpop}, prints {@code ISSUER=<issuer>}, and serves until killed.
 * Usage: {@code java -cp benchmarks.jar dev.jaxrsoauth.benchmarks.TokenServer tokens.txt 2000}.
 *
 * <p>For the DPoP scenario it reads commands on standard input: {@code proofs <htu> <count> <file>} writes that many
 * distinct proofs for {@code GET <htu>} with the bound token's {@code ath}, issued now (a proof is single use and
 * fresh for a limited time, so each scenario asks for its own just before it runs), then prints
 * {@code PROOFS <file>}.
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
        try {
            // this process only signs: AWS-LC's ECDSA signs a proof in about 30 µs where the JDK takes 600
            java.security.Security.insertProviderAt(Providers.load("accp"), 1);
        } catch (IllegalStateException | LinkageError notHere) {
            System.err.println("signing with the JDK's providers: " + notHere.getMessage());
        }
        MockAuthorizationServer server = MockAuthorizationServer.start();
        Instant expiry = Instant.now().plus(Duration.ofHours(1));
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(server.token().subject("user-" + i).scope("read").expiresAt(expiry).sign());
        }
        Files.write(file, tokens);
        SigningKey proofKey = SigningKey.generate("client", "ES256");
        String bound = server.token().subject("dpop-client").scope("read").expiresAt(expiry)
                .claim("cnf", Map.of("jkt", DpopProof.thumbprint(proofKey))).sign();
        Files.writeString(Path.of(file + ".dpop"), bound + "\n");
        System.out.println("ISSUER=" + server.issuer());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            String[] command = line.trim().split(" ");
            if (command.length == 4 && command[0].equals("proofs")) {
                URI htu = URI.create(command[1]);
                Instant now = Instant.now();
                List<String> proofs = IntStream.range(0, Integer.parseInt(command[2])).parallel()
                        .mapToObj(i -> DpopProof.create(proofKey, "GET", htu, now).accessToken(bound).sign()).toList();
                Files.write(Path.of(command[3]), proofs);
                System.out.println("PROOFS " + command[3]);
                System.out.flush();
            }
        }
        new CountDownLatch(1).await();
    }
}
