package dev.jaxrsoauth.example.ee;

import dev.jaxrsoauth.TokenPrincipal;
import dev.jaxrsoauth.cdi.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A service that lives as long as the application and still sees each request's caller: it injects {@link CurrentCaller}. */
@ApplicationScoped
public class Greeter {

    @Inject
    CurrentCaller caller;

    /** @return a greeting for the current request's caller */
    public String greet() {
        return "Hello " + caller.principal().map(TokenPrincipal::getName).orElse("stranger");
    }
}
