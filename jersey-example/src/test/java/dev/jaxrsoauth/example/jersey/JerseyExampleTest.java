package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.ConformanceSuite;

/** The conformance suite on Jersey 4 + Grizzly. */
class JerseyExampleTest extends ConformanceSuite {

    JerseyExampleTest() {
        super(JerseyExample.RUNTIME, JerseyExample.class);
    }
}
