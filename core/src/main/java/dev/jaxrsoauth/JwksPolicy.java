package dev.jaxrsoauth;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timing rules of the JWKS cache, decided once from the validator settings.
 *
 * @param defaultLifetime how long a key set is kept without {@code Cache-Control: max-age}
 * @param minRefreshInterval how long a fruitless unknown-kid refresh holds further ones back
 * @param maxStaleness how long past its lifetime a key set is still used while refreshes fail
 * @param maxWait the longest a request waits for a refresh (both HTTP timeouts, twice for discovery)
 * @param listener receives the events
 */
record JwksPolicy(Duration defaultLifetime, Duration minRefreshInterval, Duration maxStaleness,
                  Duration maxWait, KeySourceListener listener) {

    /**
     * Five seconds: a flood of made-up kids costs the authorization server at most 12 JWKS requests a minute per API
     * instance, and a key rotated in during the flood is picked up by the next of them, so it waits at most that long.
     */
    static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(6);
    static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
    static final Duration MAX_LIFETIME = Duration.ofDays(1);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    /** Refreshes start when this fraction of the lifetime has passed. */
    double refreshAhead() {
        return 0.8;
    }

    /** @return the lifetime the response asks for ({@code max-age}, RFC 9111 §5.2.2.1), clamped; else the default */
    Duration lifetime(HttpHeaders headers) {
        String cacheControl = String.join(",", headers.allValues("Cache-Control")).toLowerCase(Locale.ROOT);
        if (cacheControl.contains("no-store") || cacheControl.contains("no-cache")) {
            return MIN_LIFETIME;
        }
        Matcher maxAge = MAX_AGE.matcher(cacheControl);
        if (!maxAge.find()) {
            return defaultLifetime;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
        return asked.compareTo(MIN_LIFETIME) < 0 ? MIN_LIFETIME : asked.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : asked;
    }

    /** @return 1 s, 2 s, 4 s ... up to 5 minutes before the {@code failures}-th retry */
    Duration backoff(int failures) {
        int doublings = Math.min(failures - 1, 20);
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }
}
