package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.example.ConformanceSuite;

/** The conformance suite with Jersey as a servlet in embedded Tomcat 11. */
class TomcatExampleTest extends ConformanceSuite {

    TomcatExampleTest() {
        super(TomcatExample.RUNTIME, TomcatExample.class);
    }
}
