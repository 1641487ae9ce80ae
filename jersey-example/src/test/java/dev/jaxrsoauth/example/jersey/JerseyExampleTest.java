package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.ExampleLauncher;
import dev.jaxrsoauth.example.ExampleSettings;
import dev.jaxrsoauth.testing.AbstractSecuredApiTest;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/** The conformance suite on Jersey 4 + Grizzly. */
class JerseyExampleTest extends AbstractSecuredApiTest {

    @Override
    protected RunningApi start(Map<String, String> environment) throws Exception {
        ExampleLauncher.Running running = ExampleLauncher.start(ExampleSettings.from(environment), JerseyExample.RUNTIME,
                new PrintStream(OutputStream.nullOutputStream()));
        return new RunningApi() {
            @Override
            public URI baseUri() {
                return running.baseUri();
            }

            @Override
            public void close() {
                running.close();
            }
        };
    }

    @Override
    protected Class<?> mainClass() {
        return JerseyExample.class;
    }
}
