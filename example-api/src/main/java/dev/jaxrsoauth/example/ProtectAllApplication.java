package dev.jaxrsoauth.example;

import dev.jaxrsoauth.Secured;

import java.util.Map;

/**
 * {@code @Secured} on the Application protects every resource, {@code /api/public} included (API_PROTECT_ALL); its
 * scopes apply to resources without a {@code @Secured} of their own.
 */
@Secured(scopes = "read")
public class ProtectAllApplication extends ExampleApplication {

    /** @param properties the {@code jaxrs-oauth.*} settings */
    public ProtectAllApplication(Map<String, Object> properties) {
        super(properties);
    }
}
