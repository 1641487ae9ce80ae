package dev.jaxrsoauth.example.resteasy;

import dev.jaxrsoauth.example.ExampleLauncher;
import dev.jaxrsoauth.example.ExampleSettings;
import dev.jaxrsoauth.testing.AbstractSecuredApiTest;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;

/** The conformance suite on RESTEasy 7 + Undertow. */
class ResteasyExampleTest extends AbstractSecuredApiTest {

    @Override
    protected RunningApi start(Map<String, String> environment) throws Exception {
        ExampleLauncher.Running running = ExampleLauncher.start(ExampleSettings.from(environment), ResteasyExample.RUNTIME,
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
        return ResteasyExample.class;
    }
}
