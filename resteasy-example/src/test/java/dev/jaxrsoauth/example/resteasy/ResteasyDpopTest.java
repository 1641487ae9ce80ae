package dev.jaxrsoauth.example.resteasy;

import dev.jaxrsoauth.example.DpopConformance;

/** The DPoP conformance suite on RESTEasy + Undertow. */
class ResteasyDpopTest extends DpopConformance {

    ResteasyDpopTest() {
        super(ResteasyExample.RUNTIME, ResteasyExample.class);
    }
}
