package dev.jaxrsoauth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires rules registered by name on the feature ({@code OAuthFeature.builder().rule("name", caller -> ...)}, or the
 * {@code jaxrs-oauth.rules} property): every named rule must accept the caller's {@link TokenPrincipal}. For what an
 * annotation cannot say (a claim compared with another, a date, a lookup), without a filter of your own.
 *
 * <pre>{@code
 * OAuthFeature.builder()...rule("same-tenant", caller -> caller.claim("tenant", String.class)
 *         .map(tenant -> tenant.equals(caller.claim("home_tenant", String.class).orElse(null))).orElse(false))
 *
 * @GET @RequireRule("same-tenant")
 * public Data get() { ... }
 * }</pre>
 *
 * <p>Write rules that refuse what they do not positively recognise: a claim that is missing or of another type is
 * an empty {@code Optional}, and two empty ones are equal. Resolved at deployment with the same inheritance as
 * {@link Secured}; a name no rule is registered under refuses deployment, naming the method. A rule that answers {@code false} is a 403 {@code access_denied}; one that throws is
 * a 500 (your bug, never a pass). A rule implies {@code @Secured}.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireRule {

    /** @return the names of the rules that must all accept the caller */
    String[] value();
}
