/**
 * CDI injection of the request's verified caller: {@code @Inject TokenPrincipal caller}, {@code @Inject @Claim("sub")
 * String subject} ({@link dev.jaxrsoauth.cdi.CallerProducer}).
 *
 * @since 0.1.0
 */
package dev.jaxrsoauth.cdi;
