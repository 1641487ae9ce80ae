package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.example.RequirementsConformance;

/** Step-up, claims and protected resource metadata with Jersey as a servlet in embedded Tomcat 11. */
class TomcatRequirementsTest extends RequirementsConformance {

    TomcatRequirementsTest() {
        super(TomcatExample.RUNTIME, TomcatExample.class);
    }
}
