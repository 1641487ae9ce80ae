package dev.jaxrsoauth.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link MockAuthorizationServer} per test class, resets its counters before each
 * test, and injects it into test methods that declare a parameter of that type.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MockAuthorizationServerExtension AUTH = new MockAuthorizationServerExtension();
 *
 * @Test
 * void readsData() {
 *     String token = AUTH.server().token().scope("read").sign();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MockAuthorizationServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private final MockAuthorizationServer.Builder builder;
    private MockAuthorizationServer server;

    /** An extension for a server with the defaults. */
    public MockAuthorizationServerExtension() {
        this(MockAuthorizationServer.builder());
    }

    /** @param builder how to configure the server */
    public MockAuthorizationServerExtension(MockAuthorizationServer.Builder builder) {
        this.builder = builder;
    }

    /** @return the running server; started lazily so static fields of the test class can use it */
    public synchronized MockAuthorizationServer server() {
        if (server == null) {
            server = builder.start();
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server().reset();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MockAuthorizationServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
