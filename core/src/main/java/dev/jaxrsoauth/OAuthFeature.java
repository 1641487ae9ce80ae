package dev.jaxrsoauth;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import java.util.Objects;

/**
 * The one registration that protects a Jakarta REST application with OAuth 2.0 bearer tokens: registers the
 * authentication filter (bound by {@link Secured}), the per-method scope checks and the RFC 6750 error responses.
 *
 * <pre>{@code
 * public class ApiApplication extends Application {
 *     @Override public Set<Object> getSingletons() {
 *         return Set.of(
 *             OAuthFeature.builder()
 *                 .issuer("https://idsvr.example.com/oauth/v2/oauth-anonymous")
 *                 .audience("api")
 *                 .build(),
 *             new DataResource());
 *     }
 * }
 * }</pre>
 *
 * <p>Registering it twice has no further effect.
 *
 * @since 0.1.0
 */
public final class OAuthFeature implements Feature {

    private final TokenValidator validator;
    private final String realm;
    private final boolean queryParameter;

    private OAuthFeature(TokenValidator validator, String realm, boolean queryParameter) {
        this.validator = validator;
        this.realm = realm;
        this.queryParameter = queryParameter;
    }

    /** @return a builder taking the {@link JwtValidator} settings plus the realm */
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
        return new OAuthFeature(Objects.requireNonNull(validator, "validator"), Builder.DEFAULT_REALM, false);
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().isRegistered(AuthenticationFilter.class)) {
            return false;
        }
        context.register(new AuthenticationFilter(validator, new BearerTokens(queryParameter)), Priorities.AUTHENTICATION);
        context.register(new ScopeFeature());
        // lowest precedence: a user's mapper for OAuthException itself wins too
        context.register(new OAuthExceptionMapper(realm), Priorities.USER + 1000);
        return true;
    }

    /** @return the validator requests are authenticated with */
    public TokenValidator validator() {
        return validator;
    }

    /**
     * Builds an {@link OAuthFeature} with a {@link JwtValidator}.
     *
     * @since 0.1.0
     */
    public static final class Builder extends JwtSettings<Builder> {
        static final String DEFAULT_REALM = "api";

        private String realm = DEFAULT_REALM;
        private boolean queryParameter;

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
         * @return the feature
         * @throws IllegalArgumentException naming the first setting that is missing or invalid
         */
        public OAuthFeature build() {
            if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '"' && c != '\\')) {
                throw new IllegalArgumentException("OAuthFeature: realm must be printable ASCII without quotes or backslashes");
            }
            return new OAuthFeature(buildValidator(), realm, queryParameter);
        }
    }
}
