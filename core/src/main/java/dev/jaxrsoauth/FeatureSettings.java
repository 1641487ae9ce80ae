package dev.jaxrsoauth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The feature's own settings, beside its validator's: how challenges and tokens are read, the URL clients call, the
 * protected resource metadata (RFC 9728), and the rules resources may require.
 *
 * @param realm the challenges' realm
 * @param queryParameter whether {@code access_token} in the query is accepted
 * @param publicUrl the URL clients call the application at (the resource identifier), or {@code null}
 * @param resourceMetadata whether the metadata is served and named in 401 challenges
 * @param resourceName the metadata's {@code resource_name}, or {@code null}
 * @param resourceDocumentation the metadata's {@code resource_documentation}, or {@code null}
 * @param authorizationServers the metadata's {@code authorization_servers} when given, else the validator's issuers
 * @param namedRules rules by the name {@link RequireRule} gives
 * @param resourceRules rules for every method of a resource class
 */
record FeatureSettings(String realm, boolean queryParameter, URI publicUrl, boolean resourceMetadata, String resourceName,
                       URI resourceDocumentation, List<String> authorizationServers, Map<String, Predicate<TokenPrincipal>> namedRules,
                       Map<Class<?>, Predicate<TokenPrincipal>> resourceRules) {

    /** The defaults: realm {@code api}, header tokens only, the container's URL, metadata on, no rules. */
    static final FeatureSettings DEFAULTS = new FeatureSettings("api", false, null, true, null, null, List.of(), Map.of(), Map.of());
}
