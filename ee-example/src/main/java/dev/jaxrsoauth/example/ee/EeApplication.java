package dev.jaxrsoauth.example.ee;

import dev.jaxrsoauth.OAuthFeature;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The example API as a WAR on a Jakarta EE server: no web.xml, no settings in code. The server finds this class;
 * {@link OAuthFeature} reads {@code jaxrs-oauth.*} from the server's MicroProfile Config (system properties, the
 * environment, {@code microprofile-config.properties}); resources inject the caller with CDI ({@code jaxrs-oauth-cdi}).
 */
@ApplicationPath("/")
public class EeApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OAuthFeature.class, EeResource.class);
    }
}
