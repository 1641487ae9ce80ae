package dev.jaxrsoauth.example.jersey;

import dev.jaxrsoauth.example.RequirementsConformance;

/** Step-up, claims and protected resource metadata on Jersey 4 + Grizzly. */
class JerseyRequirementsTest extends RequirementsConformance {

    JerseyRequirementsTest() {
        super(JerseyExample.RUNTIME, JerseyExample.class);
    }
}
