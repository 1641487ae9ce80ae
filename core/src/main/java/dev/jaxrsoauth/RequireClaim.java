package dev.jaxrsoauth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires a claim of the access token (or of the introspection answer) for a resource method, a resource class or,
 * on the {@code Application} subclass, every resource that declares none of its own: present, or, with
 * {@link #anyOf()}, equal to one of the values (a string, a boolean or an integer compared as its JSON text), or an
 * array that contains one of them. Repeatable: every one must hold.
 *
 * <pre>{@code
 * @GET @Secured(scopes = "read")
 * @RequireClaim(value = "department", anyOf = "finance")
 * @RequireClaim(value = "email_verified", anyOf = "true")
 * public Report reports() { ... }
 * }</pre>
 *
 * <p>Resolved at deployment by Jakarta REST's annotation inheritance, like {@link Secured}: the declarations nearest
 * to the method (the method, a method it overrides or implements, its class, superclasses, interfaces, the
 * Application) replace those further away. A claim that is missing, of another JSON type (an object, a number with a
 * fraction) or of no allowed value is a 403 {@code access_denied} without a challenge (RFC 6750 has no error code for
 * it). A claim requirement implies {@code @Secured}: the method needs a token even without it.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequireClaims.class)
public @interface RequireClaim {

    /** @return the claim: a name, or a path into nested objects as for role claims ({@code realm_access.roles}, {@code "my.claim"}) */
    String value();

    /**
     * @return the values of which the claim must equal (or, as an array, contain) one; <b>empty: present with any
     *         value</b>, {@code false}, {@code ""} and {@code []} included
     */
    String[] anyOf() default {};
}
