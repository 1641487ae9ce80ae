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
 * JSON type, is {@code null} (or empty). Top-level claims only (read nested ones from
 * {@link dev.jaxrsoauth.TokenPrincipal}). The value is read when the bean that injects it is created: inject it into
 * {@code @RequestScoped} beans and resources (or {@code @Dependent} ones they create), never into a longer-lived bean;
 * the extension refuses deployment otherwise. In a longer-lived bean, inject {@link CurrentCaller}.
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
