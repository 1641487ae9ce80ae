package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import java.net.URI;
import java.util.Objects;

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
    private final String realm;
    private final boolean queryParameter;
    private final URI publicUrl;

    /** Injected by the runtime before {@link #configure}: its {@code @Secured} and resource classes are read once. */
    @Context
    private Application application;

    /**
     * A feature configured from the application's properties ({@code jaxrs-oauth.issuer}, {@code jaxrs-oauth.audience}
     * ...) when the runtime configures it: what registering {@code OAuthFeature.class} creates. A missing or bad
     * setting fails deployment with a message naming the key.
     */
    public OAuthFeature() {
        this(null, Builder.DEFAULT_REALM, false, null);
    }

    private OAuthFeature(TokenValidator validator, String realm, boolean queryParameter, URI publicUrl) {
        this.validator = validator;
        this.realm = realm;
        this.queryParameter = queryParameter;
        this.publicUrl = publicUrl;
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
        return new OAuthFeature(Objects.requireNonNull(validator, "validator"), Builder.DEFAULT_REALM, false, null);
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().isRegistered(AuthenticationFilter.class)) {
            return false;
        }
        OAuthFeature settings = validator != null ? this : FeatureProperties.feature(context.getConfiguration()::getProperty);
        Authenticator authenticator = new Authenticator(settings.validator, new BearerTokens(settings.queryParameter), settings.publicUrl, settings.realm);
        AuthorizationFeature authorization = new AuthorizationFeature(authenticator, ApplicationScopes.secured(application).orElse(null));
        ApplicationScopes.resourceClasses(application).forEach(authorization::refuseSecuredLocators);
        context.register(new AuthenticationFilter(authenticator, authorization), Priorities.AUTHENTICATION);
        context.register(authorization);
        DpopBinding dpop = authenticator.dpop();
        if (dpop != null && dpop.policy() != DpopPolicy.OFF && settings.publicUrl == null) {
            LOG.log(System.Logger.Level.INFO, "DPoP proofs are checked against each request's own scheme, host and port"
                    + " (the client's Host header): set publicUrl (jaxrs-oauth.public-url) to the URL clients call");
        }
        if (dpop != null && dpop.policy() != DpopPolicy.OFF && dpop.nonces() != null) {
            context.register(new DpopNonceFilter(dpop.nonces()));
        }
        // lowest precedence: a user's mapper for OAuthException itself wins too
        context.register(new OAuthExceptionMapper(settings.realm, dpop), Priorities.USER + 1000);
        return true;
    }

    /** @return the DPoP settings of one of this library's validators, or {@code null} for another validator */
    static DpopBinding dpop(TokenValidator validator) {
        if (validator instanceof JwtValidator jwt) {
            return jwt.dpop();
        }
        if (validator instanceof IntrospectionValidator introspection) {
            return introspection.dpop();
        }
        return validator instanceof MultiIssuerValidator multi ? multi.dpop() : null;
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
            if (validator != null) {
                if (changed) {
                    throw new IllegalArgumentException("OAuthFeature: validator excludes the JwtValidator settings; set them on the validator");
                }
                return new OAuthFeature(validator, realm, queryParameter, publicUrl);
            }
            return new OAuthFeature(buildValidator(), realm, queryParameter, publicUrl);
        }
    }
}
