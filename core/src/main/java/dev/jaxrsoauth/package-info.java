/**
 * OAuth 2.0 bearer token protection for Jakarta REST: register {@link dev.jaxrsoauth.OAuthFeature}, annotate
 * resources with {@link dev.jaxrsoauth.Secured}, and read the caller's {@link dev.jaxrsoauth.TokenPrincipal} from
 * the injected {@code SecurityContext}. {@link dev.jaxrsoauth.JwtValidator} validates tokens outside HTTP too.
 *
 * @since 0.1.0
 */
package dev.jaxrsoauth;
