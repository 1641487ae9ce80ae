package dev.jaxrsoauth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A read-only snapshot of one place the library gets answers from: a JWKS key source or an introspection endpoint.
 * For any health-check framework: {@link #usable()} says whether tokens can be validated with it now.
 *
 * <pre>{@code
 * boolean up = OAuthFeature.health(configuration).stream().allMatch(SourceHealth::usable);
 * }</pre>
 *
 * @param kind {@code jwks} or {@code introspection}
 * @param issuer the issuer it serves, or {@code null}
 * @param uri where it is fetched or called, or {@code null} before discovery found it
 * @param lastSuccess when keys were last fetched, or an answer last received; {@code null} for never
 * @param age how long ago that was; {@code null} for never
 * @param nextRefresh when the keys are fetched again ahead of expiry; {@code null} for introspection or no keys
 * @param expiresAt when the keys' lifetime ends: past it they are stale, served only while the authorization server
 *                  cannot be reached and for at most the allowed staleness; {@code null} for introspection or no keys
 * @param consecutiveFailures failed fetches or calls since the last success
 * @param lastFailure what the last failure was (status, timeout, parse error), or {@code null}
 * @param keyIds the ids of the usable keys (empty for introspection)
 * @param usable whether tokens can be validated with it now: keys within their lifetime plus the allowed staleness, or
 *               an endpoint whose last call succeeded (or that was not called yet)
 * @since 0.1.0
 */
public record SourceHealth(String kind, String issuer, URI uri, Instant lastSuccess, Duration age, Instant nextRefresh, Instant expiresAt,
                           int consecutiveFailures, String lastFailure, Set<String> keyIds, boolean usable) {
}
