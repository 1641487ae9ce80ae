package dev.jaxrsoauth.example;

import dev.jaxrsoauth.testing.DpopProof;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs a DPoP proof (RFC 9449 §4) from the command line, for trying the example API with {@code curl}:
 *
 * <pre>
 * java -cp jersey-example.jar dev.jaxrsoauth.example.DpopProofTool KEY.jwk METHOD URL [ACCESS_TOKEN [NONCE]]
 * </pre>
 *
 * <p>{@code KEY.jwk} is the client's private JWK (an EC P-256 key with {@code alg: ES256}, or another key the
 * {@code testing} module signs with); the proof goes to standard output. The mock authorization server mode writes
 * such a file and prints the commands.
 */
public final class DpopProofTool {

    private static final String USAGE = "usage: DpopProofTool KEY.jwk METHOD URL [ACCESS_TOKEN [NONCE]]";

    private DpopProofTool() {
    }

    /** @param args {@code KEY.jwk METHOD URL [ACCESS_TOKEN [NONCE]]} */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @return 0 with the proof on {@code out}; 2 with a one-line message on {@code err}
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || args.length > 5) {
            err.println(USAGE);
            return 2;
        }
        try {
            SigningKey key = readKey(Path.of(args[0]));
            URI url = URI.create(args[2]);
            if (url.getScheme() == null || url.getHost() == null) {
                throw new IllegalArgumentException("URL must be absolute, got '" + args[2] + "'");
            }
            DpopProof proof = DpopProof.create(key, args[1], url, Instant.now());
            if (args.length > 3) {
                proof.accessToken(args[3]);
            }
            if (args.length > 4) {
                proof.nonce(args[4]);
            }
            out.println(proof.sign());
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static SigningKey readKey(Path file) throws IOException {
        Jwk<?> jwk = Jwks.parser().build().parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(jwk instanceof PrivateJwk<?, ?, ?> secret) || jwk.getAlgorithm() == null) {
            throw new IllegalArgumentException(file + " must hold a private JWK with an alg");
        }
        return SigningKey.of(jwk.getId() == null ? "client" : jwk.getId(), jwk.getAlgorithm(), secret.toKeyPair().toJavaKeyPair());
    }

    /**
     * The mock server mode's DPoP lesson: a demo client key written to a private temporary file, a token bound to it,
     * and the commands that sign a proof and send both.
     *
     * @param mock the mock authorization server
     * @param htuBase the URL clients call the API at (proofs name it)
     * @param base the URL the API listens at
     * @param nonces whether nonces are on
     * @param out where to print
     * @throws IOException if the key file cannot be written
     */
    static void printDemo(MockAuthorizationServer mock, URI htuBase, URI base, boolean nonces, PrintStream out) throws IOException {
        SigningKey client = SigningKey.generate("demo-client", "ES256");
        Path keyFile;
        try {
            keyFile = Files.createTempFile("jaxrs-oauth-dpop-demo-", ".jwk", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            keyFile = Files.createTempFile("jaxrs-oauth-dpop-demo-", ".jwk");
        }
        keyFile.toFile().deleteOnExit();
        Files.writeString(keyFile, Jwks.UNSAFE_JSON(Jwks.builder().keyPair(client.keyPair()).id(client.keyId())
                .algorithm(client.algorithm()).build()), StandardCharsets.UTF_8);
        String token = mock.token().subject("demo-user").scope("read write").dpopBound(client)
                .expiresAt(Instant.now().plus(Duration.ofHours(1))).sign();
        String sign = "java -cp '" + System.getProperty("java.class.path") + "' " + DpopProofTool.class.getName() + " " + keyFile
                + " GET " + htuBase.toString().replaceAll("/+$", "") + "/api/data \"$TOKEN\"";
        out.println("DPoP (RFC 9449): a token bound to a demo client key, a fresh proof per request (a proof is accepted once):");
        out.println("  TOKEN='" + token + "'");
        out.println("  PROOF=\"$(" + sign + ")\"");
        out.println("  curl -i -H \"Authorization: DPoP $TOKEN\" -H \"DPoP: $PROOF\" " + base + "/api/data");
        if (nonces) {
            out.println("Nonces are on: that answer is a 401 use_dpop_nonce with a DPoP-Nonce header; sign again with it last:");
            out.println("  PROOF=\"$(" + sign + " <DPoP-Nonce>)\"");
        }
    }
}
