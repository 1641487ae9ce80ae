package dev.jaxrsoauth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires an authentication context and a recent authentication of the user (RFC 9470, OAuth 2.0 Step Up
 * Authentication Challenge): the token's {@code acr} must be one of {@link #acrValues()}, and its {@code auth_time} no
 * older than {@link #maxAge()} seconds (the clock skew allowed). Checked on JWTs and introspection answers alike.
 *
 * <pre>{@code
 * @GET @Secured(scopes = "payments")
 * @StepUp(acrValues = "urn:example:mfa", maxAge = 300)
 * public Payments payments() { ... }
 * }</pre>
 *
 * <p>Otherwise, and when the claim is missing or of another JSON type, the answer is 401
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values="...", max_age=...} (RFC 9470
 * §3), which tells the client what to ask the authorization server for. Resolved at deployment with the same
 * inheritance as {@link Secured}; implies {@code @Secured}.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface StepUp {

    /** @return the accepted authentication context class references; empty: any {@code acr} */
    String[] acrValues() default {};

    /** @return the most seconds since the user authenticated; negative (the default): no limit */
    long maxAge() default -1;
}
