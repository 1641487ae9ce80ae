package dev.jaxrsoauth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The container of repeated {@link RequireClaim}s; every one must hold. Written by the compiler when
 * {@code @RequireClaim} is repeated.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireClaims {

    /** @return the claim requirements */
    RequireClaim[] value();
}
