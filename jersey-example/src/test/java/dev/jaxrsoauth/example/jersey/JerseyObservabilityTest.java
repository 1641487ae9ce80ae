package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.ObservabilityConformance;

/** Metrics and health on Jersey 4 + Grizzly. */
class JerseyObservabilityTest extends ObservabilityConformance {

    JerseyObservabilityTest() {
        super(JerseyExample.RUNTIME);
    }
}
