package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.example.ObservabilityConformance;

/** Metrics and health with Jersey as a servlet in embedded Tomcat 11. */
class TomcatObservabilityTest extends ObservabilityConformance {

    TomcatObservabilityTest() {
        super(TomcatExample.RUNTIME);
    }
}
