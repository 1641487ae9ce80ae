package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one registration that protects a Jakarta REST application with OAuth 2.0 bearer tokens: registers the
 * authentication filter (bound by {@link Secured}), the per-method authorization ({@code @Secured} scopes,
 * {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}) and the RFC 6750 error responses.
 *
 * <p>Register the class, and give the settings as application properties (one key per builder setting, prefixed
 * {@code jaxrs-oauth.}): portable across runtimes, and without the {@code getSingletons()} that Jakarta REST 4.0
 * deprecates.
 *
 * <pre>{@code
 * public class ApiApplication extends Application {
 *     @Override public Set<Class<?>> getClasses() {
 *         return Set.of(OAuthFeature.class, DataResource.class);
 *     }
 *
 *     @Override public Map<String, Object> getProperties() {
 *         return Map.of("jaxrs-oauth.issuer", "https://idsvr.example.com/oauth/v2/oauth-anonymous",
 *                       "jaxrs-oauth.audience", "api");
 *     }
 * }
 * }</pre>
 *
 * <p>Or build an instance ({@link #builder()}, {@link #of(TokenValidator)}) and register it where the runtime takes
 * instances (Jersey's {@code ResourceConfig.register}), or as the property {@code jaxrs-oauth.validator}. Registering
 * it twice has no further effect.
 *
 * @since 0.1.0
 */
public final class OAuthFeature implements Feature {

    private static final System.Logger LOG = System.getLogger(OAuthFeature.class.getName());

    private final TokenValidator validator;
    private final FeatureSettings settings;

    /** Injected by the runtime before {@link #configure}: its {@code @Secured} and resource classes are read once. */
    @Context
    private Application application;

    /**
     * A feature configured from properties ({@code jaxrs-oauth.issuer}, {@code jaxrs-oauth.audience} ...) when the
     * runtime configures it: what registering {@code OAuthFeature.class} creates. Each key is looked up in the
     * application's properties, then MicroProfile Config (when on the class path), then system properties, then the
     * environment ({@code JAXRS_OAUTH_ISSUER}). A missing or bad setting fails deployment with a message naming the key.
     */
    public OAuthFeature() {
        this(null, FeatureSettings.DEFAULTS);
    }

    private OAuthFeature(TokenValidator validator, FeatureSettings settings) {
        this.validator = validator;
        this.settings = settings;
    }

    /** @return a builder taking the {@link JwtValidator} settings (or any validator) plus the realm */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Protects the application with any validator, for example a shared {@link JwtValidator}.
     *
     * @param validator the validator
     * @return the feature, with realm {@code api}
     */
    public static OAuthFeature of(TokenValidator validator) {
        return new OAuthFeature(Objects.requireNonNull(validator, "validator"), FeatureSettings.DEFAULTS);
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().isRegistered(AuthenticationFilter.class)) {
            return false;
        }
        OAuthFeature configured = validator != null ? this
                : FeatureProperties.featureFrom(FeatureProperties.sources(context.getConfiguration()::getProperty, System::getenv));
        FeatureSettings settings = configured.settings;
        ValidatorFacts facts = ValidatorFacts.of(configured.validator);
        ProtectedResource resource = settings.resourceMetadata() ? new ProtectedResource(settings, facts) : null;
        Authenticator authenticator = new Authenticator(configured.validator, new BearerTokens(settings.queryParameter()),
                settings.publicUrl(), settings.realm(), resource);
        AuthorizationFeature authorization = new AuthorizationFeature(authenticator, new Declarations(
                ApplicationScopes.declarations(application, AuthorizationFeature.APPLICATION_DEFAULTS),
                settings.namedRules(), settings.resourceRules(), facts));
        authorization.deploy(ApplicationScopes.resourceClasses(application));
        context.register(new AuthenticationFilter(authenticator, authorization), Priorities.AUTHENTICATION);
        context.register(authorization);
        if (resource != null) {
            context.register(new ResourceMetadataFilter(resource, authorization::scopesSupported), Priorities.AUTHENTICATION - 100);
        }
        TokenValidator checked = configured.validator;
        context.property(HEALTH, (java.util.function.Supplier<List<SourceHealth>>) () -> health(checked));
        DpopBinding dpop = authenticator.dpop();
        if (dpop != null && dpop.policy() != DpopPolicy.OFF && settings.publicUrl() == null) {
            LOG.log(System.Logger.Level.INFO, "DPoP proofs are checked against each request's own scheme, host and port"
                    + " (the client's Host header): set publicUrl (jaxrs-oauth.public-url) to the URL clients call");
        }
        if (dpop != null && dpop.policy() != DpopPolicy.OFF && dpop.nonces() != null) {
            context.register(new DpopNonceFilter(dpop.nonces()));
        }
        // lowest precedence: a user's mapper for OAuthException itself wins too
        context.register(new OAuthExceptionMapper(authenticator), Priorities.USER + 1000);
        return true;
    }

    /** The configuration property under which a configured feature offers its health snapshots. */
    static final String HEALTH = "dev.jaxrsoauth.health";

    /**
     * The health of the key sources and introspection endpoints the application's feature uses, for a health-check
     * endpoint or framework: inject the runtime's {@code Configuration} and ask.
     *
     * <pre>{@code
     * @GET @Path("/health")
     * public Response health(@Context Configuration configuration) {
     *     List<SourceHealth> sources = OAuthFeature.health(configuration);
     *     return Response.status(sources.stream().allMatch(SourceHealth::usable) ? 200 : 503).entity(sources).build();
     * }
     * }</pre>
     *
     * @param configuration the application's runtime configuration
     * @return one snapshot per key source or endpoint; empty when no feature is configured, or for a validator of your own
     */
    @SuppressWarnings("unchecked")
    public static List<SourceHealth> health(jakarta.ws.rs.core.Configuration configuration) {
        Object supplier = configuration == null ? null : configuration.getProperty(HEALTH);
        return supplier instanceof java.util.function.Supplier<?> s ? (List<SourceHealth>) s.get() : List.of();
    }

    /**
     * The health of a validator you hold: {@code OAuthFeature.health(feature.validator())}, or for binding metrics
     * before the application runs.
     *
     * @param validator a validator
     * @return the snapshots of one of this library's validators, or none for a validator of your own
     */
    public static List<SourceHealth> health(TokenValidator validator) {
        if (validator instanceof JwtValidator jwt) {
            return jwt.health();
        }
        if (validator instanceof IntrospectionValidator introspection) {
            return introspection.health();
        }
        return validator instanceof MultiIssuerValidator multi ? multi.health() : List.of();
    }

    /** @return the validator requests are authenticated with, or {@code null} until a property-configured feature is configured */
    public TokenValidator validator() {
        return validator;
    }

    /**
     * Builds an {@link OAuthFeature} with a {@link JwtValidator}, or with any {@link #validator(TokenValidator)}.
     *
     * @since 0.1.0
     */
    public static final class Builder extends JwtSettings<Builder> {
        static final String DEFAULT_REALM = "api";

        private String realm = DEFAULT_REALM;
        private boolean queryParameter;
        private TokenValidator validator;
        private URI publicUrl;
        private boolean resourceMetadata = true;
        private boolean resourceAudience = true;
        private String resourceName;
        private URI resourceDocumentation;
        private List<String> authorizationServers = List.of();
        private final Map<String, Predicate<TokenPrincipal>> namedRules = new LinkedHashMap<>();
        private final Map<Class<?>, Predicate<TokenPrincipal>> resourceRules = new LinkedHashMap<>();

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The {@code realm} of {@code WWW-Authenticate} challenges (RFC 6750 §3); default {@code api}.
         *
         * @param realm printable ASCII without quotes or backslashes
         * @return this builder
         */
        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /**
         * Also accepts a token in the {@code access_token} query parameter (RFC 6750 §2.3), which servers and
         * proxies tend to log. Off by default.
         *
         * @param enabled whether to accept it
         * @return this builder
         */
        public Builder queryParameterTokens(boolean enabled) {
            this.queryParameter = enabled;
            return this;
        }

        /**
         * The URL clients call this application at: its base URI as they see it, when a proxy or load balancer stands
         * between (for example {@code https://api.example.com}). DPoP proofs name it in {@code htu} (RFC 9449 §4.3);
         * default: the request URI as the container sees it.
         *
         * @param url an absolute http(s) URL
         * @return this builder
         */
        public Builder publicUrl(URI url) {
            this.publicUrl = HttpDocuments.requireAbsolute(Objects.requireNonNull(url, "publicUrl"), "publicUrl");
            if (url.getRawUserInfo() != null) {
                // it is published in the metadata and in every 401
                throw new IllegalArgumentException("publicUrl must not carry user information: " + url.getHost());
            }
            return this;
        }

        /**
         * The {@code authorization_servers} of the protected resource metadata, when the validator is not one of this
         * library's (which name their trusted issuers themselves).
         *
         * @param issuers the issuer identifiers clients get tokens from
         * @return this builder
         */
        public Builder authorizationServers(String... issuers) {
            this.authorizationServers = List.of(issuers);
            return this;
        }

        /**
         * Serves the protected resource metadata (RFC 9728) at {@code /.well-known/oauth-protected-resource} (and with
         * the {@link #publicUrl} path appended, §3.1) and names it in every 401 challenge ({@code resource_metadata},
         * §5.1). On by default.
         *
         * @param enabled whether to serve and name it
         * @return this builder
         */
        public Builder resourceMetadata(boolean enabled) {
            this.resourceMetadata = enabled;
            return this;
        }

        /**
         * The metadata's {@code resource_name}: a name for people.
         *
         * @param name the name
         * @return this builder
         */
        public Builder resourceName(String name) {
            this.resourceName = Objects.requireNonNull(name, "resourceName");
            return this;
        }

        /**
         * The metadata's {@code resource_documentation}: where developers read how to use the API.
         *
         * @param url an absolute http(s) URL
         * @return this builder
         */
        public Builder resourceDocumentation(URI url) {
            this.resourceDocumentation = HttpDocuments.requireAbsolute(Objects.requireNonNull(url, "resourceDocumentation"), "resourceDocumentation");
            return this;
        }

        /**
         * Whether the {@link #publicUrl}, the resource identifier, is also an accepted audience (RFC 8707: tokens asked
         * for with {@code resource=<url>} carry it; the Model Context Protocol requires it). On by default; applies to
         * the validator this builder builds (give your own validator the audience yourself).
         *
         * @param enabled whether to accept it
         * @return this builder
         */
        public Builder resourceAudience(boolean enabled) {
            this.resourceAudience = enabled;
            return this;
        }

        /**
         * A rule that {@code @RequireRule(name)} asks for: it must accept the caller, or the answer is 403.
         *
         * @param name the rule's name
         * @param rule a predicate over the verified caller; one that throws is a 500, never a pass
         * @return this builder
         */
        public Builder rule(String name, Predicate<TokenPrincipal> rule) {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("OAuthFeature: a rule needs a name");
            }
            if (namedRules.putIfAbsent(name, Objects.requireNonNull(rule, "rule")) != null) {
                throw new IllegalArgumentException("OAuthFeature: a rule is registered twice under the name " + name + "; combine them");
            }
            return this;
        }

        /**
         * A rule for every resource method of a class (and of its subclasses), beside their annotations.
         *
         * @param resource the resource class
         * @param rule a predicate over the verified caller; one that throws is a 500, never a pass
         * @return this builder
         */
        public Builder rule(Class<?> resource, Predicate<TokenPrincipal> rule) {
            if (resourceRules.putIfAbsent(Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(rule, "rule")) != null) {
                throw new IllegalArgumentException("OAuthFeature: a rule is registered twice for " + resource.getName() + "; combine them");
            }
            return this;
        }

        /**
         * Authenticates with this validator (introspection, several issuers, your own) instead of a
         * {@link JwtValidator} built from this builder's settings, which must then stay unset.
         *
         * @param validator the validator
         * @return this builder
         */
        public Builder validator(TokenValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /**
         * @return the feature
         * @throws IllegalArgumentException naming the first setting that is missing or invalid
         */
        public OAuthFeature build() {
            if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("OAuthFeature: realm must be printable ASCII without quotes or backslashes");
            }
            if (resourceName != null && (resourceName.isBlank() || resourceName.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("OAuthFeature: resourceName must be printable text");
            }
            for (String server : authorizationServers) {
                HttpDocuments.requireAbsolute(URI.create(server), "authorizationServers");
            }
            FeatureSettings settings = new FeatureSettings(realm, queryParameter, publicUrl, resourceMetadata, resourceName,
                    resourceDocumentation, authorizationServers, Collections.unmodifiableMap(new LinkedHashMap<>(namedRules)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(resourceRules)));
            if (validator != null) {
                if (changed) {
                    throw new IllegalArgumentException("OAuthFeature: validator excludes the JwtValidator settings; set them on the validator");
                }
                return new OAuthFeature(validator, settings);
            }
            if (publicUrl == null || !resourceAudience || anyAudience) {
                return new OAuthFeature(buildValidator(), settings);
            }
            // this validator accepts the resource too; the builder keeps its own audiences for a later build()
            Set<String> own = audiences;
            Set<String> withResource = new LinkedHashSet<>(own);
            withResource.addAll(ProtectedResource.audiences(publicUrl));
            audiences = Set.copyOf(withResource);
            try {
                return new OAuthFeature(buildValidator(), settings);
            } finally {
                audiences = own;
            }
        }
    }
}
