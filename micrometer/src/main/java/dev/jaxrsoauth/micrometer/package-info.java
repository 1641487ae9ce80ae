/**
 * The library's authentication events, authorization server timings and key-source health as Micrometer meters:
 * {@link dev.jaxrsoauth.micrometer.OAuthMetrics}.
 *
 * @since 0.1.0
 */
package dev.jaxrsoauth.micrometer;
