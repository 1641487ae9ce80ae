package dev.jaxrsoauth.example.resteasy;

import dev.jaxrsoauth.example.ObservabilityConformance;

/** Metrics and health on RESTEasy + Undertow. */
class ResteasyObservabilityTest extends ObservabilityConformance {

    ResteasyObservabilityTest() {
        super(ResteasyExample.RUNTIME);
    }
}
