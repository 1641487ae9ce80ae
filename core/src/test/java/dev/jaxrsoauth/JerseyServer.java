package dev.jaxrsoauth;

import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;

import java.net.URI;

/** Runs an application on Grizzly through the Jersey test framework, on 127.0.0.1 and an ephemeral port. */
final class JerseyServer implements AutoCloseable {

    private final JerseyTest jersey;

    JerseyServer(Application application) {
        this.jersey = new JerseyTest() {
            @Override
            protected Application configure() {
                forceSet(TestProperties.CONTAINER_PORT, "0");
                return application;
            }

            @Override
            protected URI getBaseUri() {
                return URI.create("http://127.0.0.1:0/");
            }
        };
        try {
            jersey.setUp();
        } catch (Exception e) {
            throw new IllegalStateException("Jersey did not start", e);
        }
    }

    Http http() {
        return new Http(jersey.target().getUri());
    }

    @Override
    public void close() throws Exception {
        jersey.tearDown();
    }
}
