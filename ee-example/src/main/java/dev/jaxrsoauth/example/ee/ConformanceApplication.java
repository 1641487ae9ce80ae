package dev.jaxrsoauth.example.ee;

import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.example.DataResource;
import dev.jaxrsoauth.example.ExampleApplication;
import dev.jaxrsoauth.example.UnauthorizedMapper;
import jakarta.ws.rs.ApplicationPath;

import java.util.Map;
import java.util.Set;

/**
 * The examples' shared API (the same resources and error mapper as the Jersey, RESTEasy and Tomcat examples) beside
 * {@link EeApplication} in this WAR, under {@code /conformance}, so that the conformance suite runs against this
 * server too. Like {@link EeApplication} it has no issuer or audience in code: {@code OAuthFeature} reads them from
 * the server's MicroProfile Config. The examples' open operations endpoints ({@code /metrics}, {@code /health}) are
 * left out: they name the issuer and its key set, and nothing here would protect them.
 */
@ApplicationPath("/conformance")
public class ConformanceApplication extends ExampleApplication {

    /** Called by the server. */
    public ConformanceApplication() {
        super(Map.of("jaxrs-oauth.realm", "api"));
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OAuthFeature.class, DataResource.class, UnauthorizedMapper.class);
    }
}
