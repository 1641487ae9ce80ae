package dev.jaxrsoauth.example;

import dev.jaxrsoauth.OAuthFeature;
import dev.jaxrsoauth.Secured;

/**
 * {@code @Secured} on the Application protects every resource, {@code /api/public} included (API_PROTECT_ALL); its
 * scopes apply to resources without a {@code @Secured} of their own.
 */
@Secured(scopes = "read")
public class ProtectAllApplication extends ExampleApplication {

    /** @param oauth the feature built from the settings */
    public ProtectAllApplication(OAuthFeature oauth) {
        super(oauth);
    }
}
