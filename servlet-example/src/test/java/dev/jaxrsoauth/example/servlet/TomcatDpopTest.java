package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.example.DpopConformance;

/** The DPoP conformance suite with Jersey as a servlet in embedded Tomcat 11. */
class TomcatDpopTest extends DpopConformance {

    TomcatDpopTest() {
        super(TomcatExample.RUNTIME, TomcatExample.class);
    }
}
