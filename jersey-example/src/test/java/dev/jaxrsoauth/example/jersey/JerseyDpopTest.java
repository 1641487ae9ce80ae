package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.DpopConformance;

/** The DPoP conformance suite on Jersey 4 + Grizzly. */
class JerseyDpopTest extends DpopConformance {

    JerseyDpopTest() {
        super(JerseyExample.RUNTIME, JerseyExample.class);
    }
}
