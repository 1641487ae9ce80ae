package dev.jaxrsoauth.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one claim of the request's verified token: {@code @Inject @Claim("sub") String subject;}. Types:
 * {@code String}, {@code Long}, {@code Boolean}, {@code Optional<String>}; a claim that is missing, or of another
 * JSON type, is {@code null} (or empty). Nested names as for role claims ({@code realm_access.roles} is not a string:
 * read it from {@link dev.jaxrsoauth.TokenPrincipal} instead). Inject into request-scoped beans or resources (the
 * default scope of Jakarta REST resources), or through {@code Instance<>}.
 *
 * @since 0.1.0
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Claim {

    /** @return the claim's name */
    @Nonbinding
    String value();
}
