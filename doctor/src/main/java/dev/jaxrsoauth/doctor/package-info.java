/**
 * The token doctor: {@link dev.jaxrsoauth.doctor.TokenDoctor} explains, step by step, why an API protected by
 * jaxrs-oauth would accept or refuse a token.
 *
 * @since 0.1.0
 */
package dev.jaxrsoauth.doctor;
