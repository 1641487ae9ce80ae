package dev.jaxrsoauth.benchmarks;

import dev.jaxrsoauth.testing.MockAuthorizationServer;
import dev.jaxrsoauth.testing.SigningKey;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

/**
 * The same inputs for every verifier: a mock authorization server (for our JWKS path), one key of the algorithm,
 * a realistic access token ({@code typ: at+jwt}, {@code kid}, {@code iss}, {@code aud}, {@code exp}, {@code scope}),
 * distinct tokens for runs without a cache, and a tampered token that every verifier must reject.
 */
final class Fixture implements AutoCloseable {

    static final String AUDIENCE = "api";
    static final int DISTINCT = 1024;

    final MockAuthorizationServer server;
    final SigningKey key;
    final String token;
    final String[] distinct = new String[DISTINCT];
    final String tampered;

    Fixture(String algorithm) {
        server = MockAuthorizationServer.start();
        key = server.key(switch (algorithm) {
            case "RS256" -> "rsa-1";
            case "ES256" -> "ec-1";
            case "EdDSA" -> "ed-1";
            default -> throw new IllegalArgumentException(algorithm);
        });
        Instant expiry = Instant.now().plus(Duration.ofHours(2));
        token = server.token().signedWith(key).scope("read write").expiresAt(expiry).sign();
        for (int i = 0; i < DISTINCT; i++) {
            distinct[i] = server.token().signedWith(key).scope("read write").expiresAt(expiry).subject("user-" + i).sign();
        }
        String forged = server.token().signedWith(key).scope("read write admin").expiresAt(expiry).signingInput();
        tampered = forged + token.substring(token.lastIndexOf('.'));
    }

    String issuer() {
        return server.issuer();
    }

    PublicKey publicKey() {
        return key.publicKey();
    }

    /** Fails the run unless the verifier accepts the valid token and rejects the tampered one. */
    static void check(String name, Verifier verifier, Fixture fixture) {
        try {
            verifier.verify(fixture.token);
        } catch (Exception e) {
            throw new IllegalStateException(name + " rejects the valid token", e);
        }
        boolean rejected;
        try {
            verifier.verify(fixture.tampered);
            rejected = false;
        } catch (Exception e) {
            rejected = true;
        }
        if (!rejected) {
            throw new IllegalStateException(name + " accepts a tampered token");
        }
    }

    /** A verifier under test. */
    @FunctionalInterface
    interface Verifier {
        Object verify(String token) throws Exception;
    }

    @Override
    public void close() {
        server.close();
    }
}
