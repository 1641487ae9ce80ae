package dev.jaxrsoauth.example;

import dev.jaxrsoauth.OAuthFeature;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/** The user's view: one feature registration, the resources, and an optional custom error body. */
public class ExampleApplication extends Application {

    private final OAuthFeature oauth;

    /** @param oauth the feature built from the settings */
    public ExampleApplication(OAuthFeature oauth) {
        this.oauth = oauth;
    }

    @Override
    public Set<Object> getSingletons() {
        return Set.of(oauth, new DataResource(), new UnauthorizedMapper("api"));
    }
}
