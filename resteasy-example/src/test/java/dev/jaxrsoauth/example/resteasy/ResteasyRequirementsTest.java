package dev.jaxrsoauth.example.resteasy;

import dev.jaxrsoauth.example.RequirementsConformance;

/** Step-up, claims and protected resource metadata on RESTEasy + Undertow. */
class ResteasyRequirementsTest extends RequirementsConformance {

    ResteasyRequirementsTest() {
        super(ResteasyExample.RUNTIME, ResteasyExample.class);
    }
}
