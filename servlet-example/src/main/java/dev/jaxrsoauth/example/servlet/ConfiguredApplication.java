package dev.jaxrsoauth.example.servlet;

import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.example.DataResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The example API as a WAR deploys it, with no {@code web.xml} and no code for the settings: the servlet container
 * finds this class through Jersey's container initializer, and {@link OAuthFeature} reads {@code jaxrs-oauth.issuer},
 * {@code jaxrs-oauth.audience} ... from MicroProfile Config (on a Jakarta EE or MicroProfile server), system
 * properties ({@code -Djaxrs-oauth.issuer=...}) or the environment ({@code JAXRS_OAUTH_ISSUER=...}).
 */
@ApplicationPath("/")
public class ConfiguredApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OAuthFeature.class, DataResource.class);
    }
}
