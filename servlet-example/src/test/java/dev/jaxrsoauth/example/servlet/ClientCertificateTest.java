package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.JwtValidator;
import dev.jaxrsoauth.TokenPrincipal;
import dev.jaxrsoauth.TokenRequest;
import dev.jaxrsoauth.TokenValidator;
import dev.jaxrsoauth.example.ExampleApplication;
import dev.jaxrsoauth.example.ExampleLauncher;
import dev.jaxrsoauth.testing.MockAuthorizationServer;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over TLS in a servlet container, the client's certificate (the servlet request's
 * {@code jakarta.servlet.request.X509Certificate}) reaches the validator in {@link TokenRequest#clientCertificates()},
 * the seam certificate-bound tokens (RFC 8705) will use. Keys and certificates are made by the JDK's {@code keytool}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCertificateTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private MockAuthorizationServer as;
    private ExampleLauncher.Server server;
    private final List<List<X509Certificate>> seen = new CopyOnWriteArrayList<>();
    private X509Certificate clientCertificate;

    private void keytool(String... args) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new java.util.ArrayList<>(List.of(keytool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool " + String.join(" ", args));
        assertEquals(0, process.exitValue(), output);
    }

    private void keyPair(String alias, String name, String... extension) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "2", "-keystore", dir.resolve(alias + ".p12").toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        args.addAll(List.of(extension));
        keytool(args.toArray(String[]::new));
        keytool("-exportcert", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD,
                "-file", dir.resolve(alias + ".cer").toString());
    }

    private void trust(String store, String alias) throws Exception {
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", dir.resolve(alias + ".cer").toString(),
                "-keystore", dir.resolve(store).toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    @BeforeAll
    void start() throws Exception {
        keyPair("server", "127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        keyPair("client", "client");
        trust("server-trust.p12", "client");
        trust("client-trust.p12", "server");
        clientCertificate = (X509Certificate) load(dir.resolve("client.p12")).getCertificate("client");

        as = MockAuthorizationServer.builder().audience("api").start();
        JwtValidator jwt = JwtValidator.builder().issuer(as.issuer()).audience("api").build();
        TokenValidator recording = new TokenValidator() {
            @Override
            public TokenPrincipal validate(String token) {
                return jwt.validate(token);
            }

            @Override
            public TokenPrincipal validate(TokenRequest request) {
                seen.add(request.clientCertificates());
                return jwt.validate(request);
            }
        };
        server = TomcatExample.start(new ExampleApplication(Map.of("jaxrs-oauth.validator", recording)), InetAddress.getLoopbackAddress(), 0,
                connector -> {
                    connector.setScheme("https");
                    connector.setSecure(true);
                    connector.setProperty("SSLEnabled", "true");
                    SSLHostConfig tls = new SSLHostConfig();
                    // asked for, not required: a client without a certificate still gets through (and its request says so)
                    tls.setCertificateVerification("optional");
                    tls.setTruststoreFile(dir.resolve("server-trust.p12").toString());
                    tls.setTruststorePassword(PASSWORD);
                    tls.setTruststoreType("PKCS12");
                    SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
                    certificate.setCertificateKeystoreFile(dir.resolve("server.p12").toString());
                    certificate.setCertificateKeystorePassword(PASSWORD);
                    certificate.setCertificateKeystoreType("PKCS12");
                    tls.addCertificate(certificate);
                    connector.addSslHostConfig(tls);
                });
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (as != null) {
            as.close();
        }
    }

    private HttpClient client(boolean withCertificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(dir.resolve("client-trust.p12")));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(withCertificate ? load(dir.resolve("client.p12")) : null, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(withCertificate ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> get(HttpClient client) throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + server.port() + "/api/data");
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + as.token().scope("read").sign()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutACertificateTheRequestSaysSo() throws Exception {
        seen.clear();
        HttpResponse<String> response = get(client(false));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of(List.of()), seen);
    }

    @Test
    void theClientCertificateReachesTheValidator() throws Exception {
        seen.clear();
        HttpResponse<String> response = get(client(true));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, seen.size());
        assertEquals(clientCertificate, seen.get(0).get(0), "the leaf is the client's certificate");
    }
}
