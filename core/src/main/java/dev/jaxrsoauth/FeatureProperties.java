package dev.jaxrsoauth;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@link OAuthFeature} settings from configuration properties: one key per builder setting, prefixed
 * {@code jaxrs-oauth.} ({@code jaxrs-oauth.issuer}, {@code jaxrs-oauth.clock-skew}...). Values are strings (lists
 * comma-separated, durations as {@code 30s}, {@code 5m}, {@code PT30S} or seconds) or objects of the setting's type;
 * {@code jaxrs-oauth.validator} takes any {@link TokenValidator} instead of the JWT settings. A bad value fails with a
 * message naming the key.
 */
final class FeatureProperties {

    static final String PREFIX = "jaxrs-oauth.";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
    private static final Map<String, Setting> SETTINGS = settings();

    private static final System.Logger LOG = System.getLogger(OAuthFeature.class.getName());

    private FeatureProperties() {
    }

    /** @return every key this class reads, without the prefix, in documentation order */
    static List<String> keys() {
        return List.copyOf(SETTINGS.keySet());
    }

    /**
     * Where a property-configured feature looks, first to last: the runtime's configuration (the Application's
     * properties), MicroProfile Config when it is on the class path, system properties, environment variables. A key's
     * environment variable is its name in upper case with every character that is not a letter or digit as {@code _}
     * ({@code jaxrs-oauth.clock-skew} → {@code JAXRS_OAUTH_CLOCK_SKEW}), as MicroProfile Config maps them.
     *
     * @param configuration the runtime's configuration, by full key
     * @param environment the environment variables, by name
     * @return the lookup
     */
    static Function<String, Found> sources(Function<String, Object> configuration, Function<String, String> environment) {
        Function<String, String> microProfile = MicroProfileConfig.lookup();
        return key -> {
            Object value = configuration.apply(key);
            if (value != null) {
                return new Found(value, APPLICATION);
            }
            if (microProfile != null && (value = microProfile.apply(key)) != null) {
                return new Found(value, "MicroProfile Config");
            }
            if ((value = System.getProperty(key)) != null) {
                return new Found(value, "the system property " + key);
            }
            String name = environmentName(key);
            return (value = environment.apply(name)) != null ? new Found(value, "the environment variable " + name) : null;
        };
    }

    /** Where values set in code come from: named in no message. */
    static final String APPLICATION = "the application's properties";

    /**
     * A value, and where it was found.
     *
     * @param value the value
     * @param origin {@link #APPLICATION}, or a source outside the application, named in messages
     */
    record Found(Object value, String origin) {
        String key(String key) {
            return origin.equals(APPLICATION) ? PREFIX + key : PREFIX + key + " (from " + origin + ")";
        }
    }

    /** @return {@code jaxrs-oauth.clock-skew} as {@code JAXRS_OAUTH_CLOCK_SKEW} */
    static String environmentName(String key) {
        StringBuilder name = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            name.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /**
     * @param lookup the configuration, by full key ({@code jaxrs-oauth.issuer})
     * @return the configured feature
     * @throws IllegalArgumentException naming the key whose value is bad, or the setting that is missing
     */
    static OAuthFeature feature(Function<String, Object> lookup) {
        return featureFrom(key -> {
            Object value = lookup.apply(key);
            return value == null ? null : new Found(value, APPLICATION);
        });
    }

    /**
     * @param lookup the sources, by full key, each value with where it was found
     * @return the configured feature
     * @throws IllegalArgumentException naming the key (and a source outside the application) whose value is bad
     */
    static OAuthFeature featureFrom(Function<String, Found> lookup) {
        Map<String, Found> found = new LinkedHashMap<>();
        for (String key : SETTINGS.keySet()) {
            Found value;
            try {
                value = lookup.apply(PREFIX + key);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(PREFIX + key + ": " + e.getMessage(), e);
            }
            if (value != null && present(value.value())) {
                found.put(key, value);
            }
        }
        boolean introspect = found.containsKey("introspection-uri");
        Found validator = found.get("validator");
        if (validator != null) {
            for (Map.Entry<String, Found> entry : found.entrySet()) {
                Kind kind = SETTINGS.get(entry.getKey()).kind();
                if (kind != Kind.FEATURE) {
                    throw new IllegalArgumentException(entry.getValue().key(entry.getKey()) + ": not used with " + PREFIX
                            + "validator; set it on the validator");
                }
            }
        }
        List<String> outside = found.entrySet().stream().filter(e -> !e.getValue().origin().equals(APPLICATION))
                .map(e -> PREFIX + e.getKey() + " (" + e.getValue().origin() + ")").toList();
        if (!outside.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "OAuthFeature settings from outside the application: " + String.join(", ", outside));
        }
        OAuthFeature.Builder feature = OAuthFeature.builder();
        IntrospectionValidator.Builder introspection = introspect ? IntrospectionValidator.builder() : null;
        for (Map.Entry<String, Found> entry : found.entrySet()) {
            Object value = entry.getValue().value();
            String named = entry.getValue().key(entry.getKey());
            Setting setting = SETTINGS.get(entry.getKey());
            Object target = switch (setting.kind()) {
                case SHARED -> introspect ? introspection : feature;
                case FEATURE -> feature;
                case JWT -> {
                    if (introspect) {
                        throw new IllegalArgumentException(named + ": a JWT setting, not used with " + found.get("introspection-uri").key("introspection-uri"));
                    }
                    yield feature;
                }
                case INTROSPECTION -> {
                    if (!introspect) {
                        throw new IllegalArgumentException(named + ": needs " + PREFIX + "introspection-uri");
                    }
                    yield introspection;
                }
            };
            try {
                setting.apply().accept(target, value instanceof String text ? text.trim() : value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(named + ": " + e.getMessage(), e);
            }
        }
        if (introspect) {
            try {
                feature.validator(introspection.build());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(found.get("introspection-uri").key("introspection-uri") + ": " + e.getMessage(), e);
            }
        }
        return feature.build();
    }

    private static boolean present(Object value) {
        return value != null && !(value instanceof String text && text.isBlank());
    }

    /** Which builder a key sets: every validator's, the JWT validator's, the feature's, or the introspection validator's. */
    enum Kind { SHARED, JWT, FEATURE, INTROSPECTION }

    /** One key: which builder it sets, and how. */
    private record Setting(Kind kind, BiConsumer<Object, Object> apply) {
    }

    @SuppressWarnings("unchecked")
    private static <B> void put(Map<String, Setting> settings, String key, Kind kind, BiConsumer<B, Object> apply) {
        settings.put(key, new Setting(kind, (builder, value) -> apply.accept((B) builder, value)));
    }

    /** @return the kind of each key, for the README's table */
    static Map<String, Kind> kinds() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        SETTINGS.forEach((key, setting) -> kinds.put(key, setting.kind()));
        return kinds;
    }

    private static Map<String, Setting> settings() {
        Map<String, Setting> s = new LinkedHashMap<>();
        FeatureProperties.<OAuthFeature.Builder>put(s, "validator", Kind.FEATURE, (b, v) -> b.validator(as(v, TokenValidator.class)));
        FeatureProperties.<TokenSettings<?>>put(s, "issuer", Kind.SHARED, (b, v) -> b.issuer(text(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "audience", Kind.SHARED, (b, v) -> b.audience(list(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "any-audience", Kind.SHARED, (b, v) -> {
            if (bool(v)) {
                b.anyAudience();
            }
        });
        FeatureProperties.<JwtSettings<?>>put(s, "jwks-uri", Kind.JWT, (b, v) -> b.jwksUri(v instanceof URI u ? u : URI.create(text(v))));
        FeatureProperties.<JwtSettings<?>>put(s, "key-source", Kind.JWT, (b, v) -> b.keySource(as(v, KeySource.class)));
        FeatureProperties.<JwtSettings<?>>put(s, "algorithms", Kind.JWT, (b, v) -> b.algorithms(list(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "clock-skew", Kind.SHARED, (b, v) -> b.clockSkew(duration(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "clock", Kind.SHARED, (b, v) -> b.clock(as(v, Clock.class)));
        FeatureProperties.<JwtSettings<?>>put(s, "accepted-types", Kind.JWT, (b, v) -> b.acceptedTypes(list(v)));
        FeatureProperties.<JwtSettings<?>>put(s, "type-required", Kind.JWT, (b, v) -> b.typeRequired(bool(v)));
        FeatureProperties.<JwtSettings<?>>put(s, "require-access-token-type", Kind.JWT, (b, v) -> {
            if (bool(v)) {
                b.requireAccessTokenType();
            }
        });
        FeatureProperties.<TokenSettings<?>>put(s, "scope-claims", Kind.SHARED, (b, v) -> b.scopeClaims(list(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "role-claim", Kind.SHARED, (b, v) -> b.roleClaim(text(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "role-claims", Kind.SHARED, (b, v) -> b.roleClaims(list(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "max-token-length", Kind.SHARED, (b, v) -> b.maxTokenLength(integer(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "connect-timeout", Kind.SHARED, (b, v) -> b.connectTimeout(duration(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "request-timeout", Kind.SHARED, (b, v) -> b.requestTimeout(duration(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "ssl-context", Kind.SHARED, (b, v) -> b.sslContext(as(v, SSLContext.class)));
        FeatureProperties.<JwtSettings<?>>put(s, "jwks-cache-lifetime", Kind.JWT, (b, v) -> b.jwksCacheLifetime(duration(v)));
        FeatureProperties.<JwtSettings<?>>put(s, "jwks-refresh-interval", Kind.JWT, (b, v) -> b.jwksRefreshInterval(duration(v)));
        FeatureProperties.<JwtSettings<?>>put(s, "jwks-max-staleness", Kind.JWT, (b, v) -> b.jwksMaxStaleness(duration(v)));
        FeatureProperties.<JwtSettings<?>>put(s, "prefetch-keys", Kind.JWT, (b, v) -> b.prefetchKeys(bool(v)));
        FeatureProperties.<JwtSettings<?>>put(s, "key-source-listener", Kind.JWT, (b, v) -> b.keySourceListener(as(v, KeySourceListener.class)));
        FeatureProperties.<TokenSettings<?>>put(s, "authentication-listener", Kind.SHARED, (b, v) -> b.authenticationListener(as(v, AuthenticationListener.class)));
        FeatureProperties.<TokenSettings<?>>put(s, "token-cache-size", Kind.SHARED, (b, v) -> b.tokenCacheSize(integer(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "crypto-provider", Kind.SHARED, (b, v) -> b.cryptoProvider(provider(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop", Kind.SHARED, (b, v) -> b.dpop(v instanceof DpopPolicy p ? p : DpopPolicy.valueOf(text(v).toUpperCase(java.util.Locale.ROOT))));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-algorithms", Kind.SHARED, (b, v) -> b.dpopAlgorithms(list(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-proof-lifetime", Kind.SHARED, (b, v) -> b.dpopProofLifetime(duration(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-nonces", Kind.SHARED, (b, v) -> b.dpopNonces(bool(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-nonce-secret", Kind.SHARED, (b, v) -> b.dpopNonceSecret(v instanceof byte[] bytes ? bytes : text(v).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-nonce-lifetime", Kind.SHARED, (b, v) -> b.dpopNonceLifetime(duration(v)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-replay-cache", Kind.SHARED, (b, v) -> b.dpopReplayCache(as(v, ReplayCache.class)));
        FeatureProperties.<TokenSettings<?>>put(s, "dpop-replay-cache-size", Kind.SHARED, (b, v) -> b.dpopReplayCacheSize(integer(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "realm", Kind.FEATURE, (b, v) -> b.realm(text(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "query-parameter-tokens", Kind.FEATURE, (b, v) -> b.queryParameterTokens(bool(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "public-url", Kind.FEATURE, (b, v) -> b.publicUrl(v instanceof URI u ? u : URI.create(text(v))));
        FeatureProperties.<OAuthFeature.Builder>put(s, "resource-metadata", Kind.FEATURE, (b, v) -> b.resourceMetadata(bool(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "resource-name", Kind.FEATURE, (b, v) -> b.resourceName(text(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "resource-documentation", Kind.FEATURE, (b, v) -> b.resourceDocumentation(v instanceof URI u ? u : URI.create(text(v))));
        FeatureProperties.<OAuthFeature.Builder>put(s, "resource-audience", Kind.FEATURE, (b, v) -> b.resourceAudience(bool(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "authorization-servers", Kind.FEATURE, (b, v) -> b.authorizationServers(list(v)));
        FeatureProperties.<OAuthFeature.Builder>put(s, "rules", Kind.FEATURE, FeatureProperties::rules);
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "introspection-uri", Kind.INTROSPECTION,
                (b, v) -> b.introspectionEndpoint(v instanceof URI u ? u : URI.create(text(v))));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "client-id", Kind.INTROSPECTION, (b, v) -> b.clientId(text(v)));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "client-secret", Kind.INTROSPECTION, (b, v) -> b.clientSecret(text(v)));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "client-authentication", Kind.INTROSPECTION, (b, v) -> b.clientAuthentication(
                v instanceof IntrospectionValidator.ClientAuthentication a ? a
                        : IntrospectionValidator.ClientAuthentication.valueOf(text(v).toUpperCase(java.util.Locale.ROOT).replace('-', '_'))));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "accept-missing-audience", Kind.INTROSPECTION, (b, v) -> b.acceptMissingAudience(bool(v)));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "signed-responses", Kind.INTROSPECTION, (b, v) -> b.signedResponses(bool(v)));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "introspection-jwks-uri", Kind.INTROSPECTION,
                (b, v) -> b.jwksUri(v instanceof URI u ? u : URI.create(text(v))));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "max-cache-ttl", Kind.INTROSPECTION, (b, v) -> b.maxCacheTtl(duration(v)));
        FeatureProperties.<IntrospectionValidator.Builder>put(s, "inactive-cache-ttl", Kind.INTROSPECTION, (b, v) -> b.inactiveCacheTtl(duration(v)));
        return s;
    }

    /** A map of rule names (for {@code @RequireRule}) or resource classes to {@code Predicate<TokenPrincipal>}. */
    @SuppressWarnings("unchecked")
    private static void rules(OAuthFeature.Builder builder, Object value) {
        Map<?, ?> rules = as(value, Map.class);
        for (Map.Entry<?, ?> rule : rules.entrySet()) {
            if (rule.getKey() == null || rule.getValue() == null) {
                throw new IllegalArgumentException("must map rule names or resource classes to predicates, got a null");
            }
            Predicate<TokenPrincipal> predicate = (Predicate<TokenPrincipal>) as(rule.getValue(), Predicate.class);
            if (rule.getKey() instanceof Class<?> resource) {
                builder.rule(resource, predicate);
            } else {
                builder.rule(text(rule.getKey()), predicate);
            }
        }
    }

    /** A {@code java.security.Provider}, or the name of one installed in the JVM ({@code Security.getProvider}). */
    private static java.security.Provider provider(Object value) {
        if (value instanceof java.security.Provider p) {
            return p;
        }
        java.security.Provider installed = java.security.Security.getProvider(text(value));
        if (installed == null) {
            throw new IllegalArgumentException("no installed provider is named '" + LogText.printable(value) + "'");
        }
        return installed;
    }

    private static <T> T as(Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("must be a " + type.getName() + ", got " + value.getClass().getName());
        }
        return type.cast(value);
    }

    private static String text(Object value) {
        return as(value, String.class);
    }

    private static String[] list(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(FeatureProperties::text).toArray(String[]::new);
        }
        if (value instanceof String[] array) {
            return array;
        }
        return Arrays.stream(text(value).split(",")).map(String::trim).filter(e -> !e.isEmpty()).toArray(String[]::new);
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = text(value).toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        }
        return text.equals("true");
    }

    private static int integer(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        try {
            return Integer.parseInt(text(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, got '" + value + "'");
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 5m}, {@code 6h}, {@code 1d}, plain seconds, or ISO-8601 ({@code PT30S}). */
    static Duration duration(Object value) {
        if (value instanceof Duration d) {
            return d;
        }
        String text = text(value);
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 30s, 5m or PT30S, got '" + text + "'");
        }
    }
}
