package dev.jaxrsoauth;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires a valid OAuth 2.0 bearer access token, and optionally scopes, for a resource method, a resource class or,
 * on the {@code Application} subclass, every resource (JAX-RS global name binding).
 *
 * <pre>{@code
 * @GET @Secured(scopes = "read")
 * public Data get(@Context SecurityContext security) { ... }
 * }</pre>
 *
 * <p>All listed scopes must be granted; no scopes means any valid token. Scopes on a method replace those on its
 * class; scopes on the {@code Application} subclass apply to resources that carry no {@code @Secured} of their own.
 *
 * @since 0.1.0
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Secured {

    /** @return the scopes (RFC 6749 §3.3) that the access token must all carry */
    String[] scopes() default {};

    /**
     * @return whether this resource requires a DPoP-bound token and proof ({@link DpopPolicy#REQUIRED}), refuses DPoP
     *         ({@link DpopPolicy#OFF}), or follows the application ({@link DpopPolicy#APPLICATION}, the default)
     * @since 0.1.0
     */
    DpopPolicy dpop() default DpopPolicy.APPLICATION;
}
