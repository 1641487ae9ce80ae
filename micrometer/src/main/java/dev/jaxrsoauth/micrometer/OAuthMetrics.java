package dev.jaxrsoauth.micrometer;

import dev.jaxrsoauth.AuthenticationEvent;
import dev.jaxrsoauth.AuthenticationListener;
import dev.jaxrsoauth.InvalidTokenException;
import dev.jaxrsoauth.KeySourceListener;
import dev.jaxrsoauth.SourceHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds the library's events to a Micrometer {@link MeterRegistry}: one object that is both the
 * {@link AuthenticationListener} and the {@link KeySourceListener}, plus gauges over the key sources' and
 * introspection endpoints' {@link SourceHealth}.
 *
 * <pre>{@code
 * OAuthMetrics metrics = new OAuthMetrics(registry);
 * JwtValidator validator = JwtValidator.builder().issuer(issuer).audience("api")
 *         .authenticationListener(metrics).keySourceListener(metrics).build();
 * metrics.bindHealth(validator::health);
 * }</pre>
 *
 * <p>Every tag value comes from a bounded set: outcomes, schemes, status codes, error codes and reasons are fixed
 * lists; issuers, JWKS URIs and resource methods come from the configuration and the application, never from a token.
 * The names, tags and meanings are listed in the README's "Metrics" table.
 *
 * @since 0.1.0
 */
public final class OAuthMetrics implements AuthenticationListener, KeySourceListener {

    /** Counter: every authentication, accepted or rejected. */
    public static final String AUTHENTICATIONS = "jaxrs.oauth.authentications";
    /** Timer: how long validation took, accepted or rejected. */
    public static final String VALIDATION = "jaxrs.oauth.validation";
    /** Counter: valid tokens refused by a resource's requirements. */
    public static final String DENIALS = "jaxrs.oauth.denials";
    /** Counter: introspections, answered by the endpoint or the cache. */
    public static final String INTROSPECTIONS = "jaxrs.oauth.introspections";
    /** Timer: calls to an introspection endpoint. */
    public static final String INTROSPECTION_CALLS = "jaxrs.oauth.introspection.calls";
    /** Timer: JWKS refreshes (discovery and the key set's fetch). */
    public static final String JWKS_FETCHES = "jaxrs.oauth.jwks.fetches";
    /** Counter: tokens naming a key id the key set does not contain. */
    public static final String JWKS_UNKNOWN_KEYS = "jaxrs.oauth.jwks.unknown.kids";
    /** Counter: fetches that added or removed keys. */
    public static final String JWKS_ROTATIONS = "jaxrs.oauth.jwks.rotations";
    /** Counter: validations that used keys past their lifetime because the authorization server could not be reached. */
    public static final String JWKS_STALE = "jaxrs.oauth.jwks.stale.served";
    /** Gauge: the validated-token and introspection caches' hit ratio over accepted tokens since start. */
    public static final String CACHE_HIT_RATIO = "jaxrs.oauth.token.cache.hit.ratio";
    /** Gauge: seconds since a source's last successful fetch or call. */
    public static final String SOURCE_AGE = "jaxrs.oauth.source.age";
    /** Gauge: seconds a source's keys are past their lifetime (0 while fresh). */
    public static final String SOURCE_STALENESS = "jaxrs.oauth.source.staleness";
    /** Gauge: keys a source holds. */
    public static final String SOURCE_KEYS = "jaxrs.oauth.source.keys";
    /** Gauge: failed fetches or calls since a source's last success. */
    public static final String SOURCE_FAILURES = "jaxrs.oauth.source.failures";
    /** Gauge: 1 when tokens can be validated with a source now, else 0. */
    public static final String SOURCE_USABLE = "jaxrs.oauth.source.usable";

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Tags common;
    private final Clock clock;
    /** Meters by their tag values: a lookup without the registry's id building on the request path. */
    private final Map<Object, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Object, Timer> timers = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    /** The health sources whose gauges are registered, by kind and issuer. */
    private final Set<String> boundSources = ConcurrentHashMap.newKeySet();

    /** @param registry where the meters go */
    public OAuthMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * @param registry where the meters go
     * @param tags added to every meter (for example the API's name)
     */
    public OAuthMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this(registry, tags, Clock.systemUTC());
    }

    OAuthMetrics(MeterRegistry registry, Iterable<Tag> tags, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.common = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.clock = Objects.requireNonNull(clock, "clock");
        Gauge.builder(CACHE_HIT_RATIO, this, OAuthMetrics::hitRatio)
                .description("Share of accepted tokens answered by the validated-token or introspection cache, since start")
                .tags(common).register(registry);
    }

    private double hitRatio() {
        long h = hits.sum();
        long total = h + misses.sum();
        return total == 0 ? Double.NaN : (double) h / total;
    }

    // --- authentication events ---

    private record AuthenticationKey(String outcome, String scheme, String cache, int status, String code, String reason, String issuer) {
    }

    private record ValidationKey(String outcome, String scheme, String cache) {
    }

    @Override
    public void accepted(AuthenticationEvent.Accepted event) {
        String scheme = event.scheme().name().toLowerCase(Locale.ROOT);
        String cache = event.cacheHit() ? "hit" : "miss";
        (event.cacheHit() ? hits : misses).increment();
        counter(new AuthenticationKey("accepted", scheme, cache, 200, NONE, NONE, orNone(event.issuer())), this::authentications).increment();
        timer(new ValidationKey("accepted", scheme, cache), this::validation).record(event.elapsed());
    }

    @Override
    public void rejected(AuthenticationEvent.Rejected event) {
        InvalidTokenException.Reason reason = event.reason();
        counter(new AuthenticationKey("rejected", NONE, NONE, event.status(), orNone(event.code()),
                reason == null ? NONE : reason.name().toLowerCase(Locale.ROOT), orNone(event.issuer())), this::authentications).increment();
        timer(new ValidationKey("rejected", NONE, NONE), this::validation).record(event.elapsed());
    }

    private Counter authentications(AuthenticationKey key) {
        return Counter.builder(AUTHENTICATIONS)
                .description("Authentications by outcome: accepted tokens, and refusals by status, error code and reason")
                .tags(common)
                .tags("outcome", key.outcome(), "scheme", key.scheme(), "cache", key.cache(), "status", Integer.toString(key.status()),
                        "code", key.code(), "reason", key.reason(), "issuer", key.issuer())
                .register(registry);
    }

    private Timer validation(ValidationKey key) {
        return Timer.builder(VALIDATION)
                .description("Time to validate a request's token (and DPoP proof), accepted or rejected")
                .tags(common).tags("outcome", key.outcome(), "scheme", key.scheme(), "cache", key.cache())
                .register(registry);
    }

    private record DenialKey(int status, String code, String issuer, String method) {
    }

    @Override
    public void denied(AuthenticationEvent.Denied event) {
        counter(new DenialKey(event.status(), orNone(event.code()), orNone(event.issuer()), orNone(event.method())),
                key -> Counter.builder(DENIALS)
                        .description("Valid tokens refused by a resource's scopes, roles, claims, step-up or DPoP policy")
                        .tags(common).tags("status", Integer.toString(key.status()), "code", key.code(), "issuer", key.issuer(),
                                "method", key.method())
                        .register(registry)).increment();
    }

    private record IntrospectionKey(String outcome, String cache, String endpoint) {
    }

    @Override
    public void introspected(AuthenticationEvent.Introspected event) {
        String outcome = event.outcome().name().toLowerCase(Locale.ROOT);
        String endpoint = uri(event.endpoint());
        counter(new IntrospectionKey(outcome, event.cacheHit() ? "hit" : "miss", endpoint),
                key -> Counter.builder(INTROSPECTIONS)
                        .description("Introspections by outcome, answered by the endpoint (miss) or the cache (hit)")
                        .tags(common).tags("outcome", key.outcome(), "cache", key.cache(), "endpoint", key.endpoint())
                        .register(registry)).increment();
        if (!event.cacheHit()) {
            timer(new IntrospectionKey(outcome, "miss", endpoint),
                    key -> Timer.builder(INTROSPECTION_CALLS)
                            .description("Calls to the introspection endpoint, by outcome")
                            .tags(common).tags("outcome", key.outcome(), "endpoint", key.endpoint())
                            .register(registry)).record(event.elapsed());
        }
    }

    // --- key source events ---

    private record FetchKey(String outcome, String uri) {
    }

    @Override
    public void fetchCompleted(URI uri, Duration elapsed, boolean success) {
        timer(new FetchKey(success ? "success" : "failure", uri(uri)),
                key -> Timer.builder(JWKS_FETCHES)
                        .description("JWKS refreshes (discovery and the key set's fetch), by outcome")
                        .tags(common).tags("outcome", key.outcome(), "uri", key.uri())
                        .register(registry)).record(elapsed);
    }

    private record UnknownKey(boolean refetched) {
    }

    @Override
    public void unknownKeyId(String keyId, boolean refetched) {
        // the key id itself is attacker-controlled: never a tag
        counter(new UnknownKey(refetched), key -> Counter.builder(JWKS_UNKNOWN_KEYS)
                .description("Tokens naming a key id the key set does not contain; refetched tells whether that caused a fetch")
                .tags(common).tags("refetched", Boolean.toString(key.refetched()))
                .register(registry)).increment();
    }

    @Override
    public void rotated(Set<String> added, Set<String> removed) {
        counter(JWKS_ROTATIONS, key -> Counter.builder(JWKS_ROTATIONS)
                .description("JWKS fetches that added or removed keys")
                .tags(common).register(registry)).increment();
    }

    @Override
    public void staleKeysServed(Duration age) {
        counter(JWKS_STALE, key -> Counter.builder(JWKS_STALE)
                .description("Validations with keys past their lifetime, because the authorization server could not be reached")
                .tags(common).register(registry)).increment();
    }

    // --- health gauges ---

    /**
     * Registers gauges over each source that {@code health} reports: age, staleness, keys, consecutive failures and
     * usability, tagged by kind ({@code jwks}, {@code introspection}) and issuer. The supplier is asked at every scrape.
     * Calling this again registers sources that were not reported before (for example once the application has started)
     * and keeps the gauges already registered.
     *
     * @param health the snapshots, for example {@code validator::health}, or {@code () -> OAuthFeature.health(configuration)}
     * @return this
     */
    public OAuthMetrics bindHealth(Supplier<List<SourceHealth>> health) {
        Objects.requireNonNull(health, "health");
        List<SourceHealth> now = health.get();
        if (now == null) {
            return this;
        }
        for (SourceHealth source : now) {
            String kind = source.kind();
            String issuer = orNone(source.issuer());
            if (!boundSources.add(kind + ' ' + issuer)) {
                continue;
            }
            Tags tags = common.and("kind", kind, "issuer", issuer);
            gauge(SOURCE_AGE, "Seconds since the source's last successful fetch or call (NaN before the first)", tags, health,
                    kind, issuer, s -> s.age() == null ? Double.NaN : seconds(s.age()));
            gauge(SOURCE_STALENESS, "Seconds the source's keys are past their lifetime (0 while fresh)", tags, health, kind, issuer,
                    s -> s.expiresAt() == null ? 0 : Math.max(0, seconds(Duration.between(s.expiresAt(), clock.instant()))));
            gauge(SOURCE_KEYS, "Keys the source holds", tags, health, kind, issuer, s -> s.keyIds().size());
            gauge(SOURCE_FAILURES, "Failed fetches or calls since the source's last success", tags, health, kind, issuer,
                    SourceHealth::consecutiveFailures);
            gauge(SOURCE_USABLE, "1 when tokens can be validated with the source now, else 0", tags, health, kind, issuer,
                    s -> s.usable() ? 1 : 0);
        }
        return this;
    }

    private void gauge(String name, String description, Tags tags, Supplier<List<SourceHealth>> health, String kind, String issuer,
                       ToDoubleFunction<SourceHealth> value) {
        Gauge.builder(name, () -> {
            List<SourceHealth> sources = health.get();
            if (sources != null) {
                for (SourceHealth s : sources) {
                    if (s.kind().equals(kind) && orNone(s.issuer()).equals(issuer)) {
                        return value.applyAsDouble(s);
                    }
                }
            }
            return Double.NaN;
        }).description(description).tags(tags).baseUnit(name.equals(SOURCE_AGE) || name.equals(SOURCE_STALENESS) ? "seconds" : null)
                .strongReference(true).register(registry);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    // --- helpers ---

    @SuppressWarnings("unchecked")
    private <K> Counter counter(K key, Function<K, Counter> create) {
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key, k -> create.apply((K) k));
    }

    @SuppressWarnings("unchecked")
    private <K> Timer timer(K key, Function<K, Timer> create) {
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key, k -> create.apply((K) k));
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private static String uri(URI uri) {
        return uri == null ? NONE : uri.toString();
    }

}
