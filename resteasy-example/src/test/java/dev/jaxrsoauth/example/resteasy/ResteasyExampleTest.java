package dev.jaxrsoauth.example.resteasy;

import dev.jaxrsoauth.example.ConformanceSuite;

/** The conformance suite on RESTEasy 7 + Undertow. */
class ResteasyExampleTest extends ConformanceSuite {

    ResteasyExampleTest() {
        super(ResteasyExample.RUNTIME, ResteasyExample.class);
    }
}
