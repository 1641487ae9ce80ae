package dev.jaxrsoauth.example;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAUTH_CRYPTO_PROVIDER: one clear line either way, and the JDK's providers when the chosen one cannot load here. */
class CryptoProviderSwitchTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aProviderThatCannotLoadSaysSoInOneLineAndTheJdkVerifies() {
        assertNull(ExampleLauncher.cryptoProvider("accp", out, name -> {
            throw new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider in java.library.path");
        }));
        assertEquals("OAUTH_CRYPTO_PROVIDER=accp cannot load on this platform (UnsatisfiedLinkError): signatures are verified by the JDK's providers"
                + System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aProviderThatLoadsIsNamed() {
        assertNotNull(ExampleLauncher.cryptoProvider("bc", out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("Signatures are verified by BC "), printed.toString(StandardCharsets.UTF_8));
        printed.reset();
        assertNull(ExampleLauncher.cryptoProvider("jdk", out));
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "the default says nothing");
    }
}
