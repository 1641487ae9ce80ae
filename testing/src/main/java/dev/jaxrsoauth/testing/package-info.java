/**
 * Test support for APIs protected with jaxrs-oauth, usable on its own: {@link dev.jaxrsoauth.testing.MockAuthorizationServer}
 * (discovery, JWKS, token minting on loopback), {@link dev.jaxrsoauth.testing.TokenBuilder} (tokens that start valid and
 * break one thing at a time) and {@link dev.jaxrsoauth.testing.MockAuthorizationServerExtension} for JUnit 5.
 *
 * @since 0.1.0
 */
package dev.jaxrsoauth.testing;
