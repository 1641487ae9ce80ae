package dev.jaxrsoauth.example;

import dev.jaxrsoauth.OAuthFeature;
import jakarta.ws.rs.core.Application;

import java.util.Map;
import java.util.Set;

/**
 * The user's view: the feature and the resources registered as classes, the settings as application properties
 * ({@code jaxrs-oauth.issuer}, {@code jaxrs-oauth.audience}, ...), and an optional custom error body.
 */
public class ExampleApplication extends Application {

    private final Map<String, Object> properties;

    /** @param properties the {@code jaxrs-oauth.*} settings */
    public ExampleApplication(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OAuthFeature.class, DataResource.class, OperationsResource.class, UnauthorizedMapper.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return properties;
    }
}
