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
    private static final Map<String, BiConsumer<OAuthFeature.Builder, Object>> SETTINGS = settings();

    private FeatureProperties() {
    }

    /** @return every key this class reads, without the prefix, in documentation order */
    static List<String> keys() {
        return List.copyOf(SETTINGS.keySet());
    }

    /**
     * @param lookup the configuration, by full key ({@code jaxrs-oauth.issuer})
     * @return the configured feature
     * @throws IllegalArgumentException naming the key whose value is bad, or the setting that is missing
     */
    static OAuthFeature feature(Function<String, Object> lookup) {
        OAuthFeature.Builder builder = OAuthFeature.builder();
        for (Map.Entry<String, BiConsumer<OAuthFeature.Builder, Object>> setting : SETTINGS.entrySet()) {
            Object value = lookup.apply(PREFIX + setting.getKey());
            if (value == null || value instanceof String s && s.isBlank()) {
                continue;
            }
            try {
                setting.getValue().accept(builder, value instanceof String s ? s.trim() : value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(PREFIX + setting.getKey() + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static Map<String, BiConsumer<OAuthFeature.Builder, Object>> settings() {
        Map<String, BiConsumer<OAuthFeature.Builder, Object>> s = new LinkedHashMap<>();
        s.put("validator", (b, v) -> b.validator(as(v, TokenValidator.class)));
        s.put("issuer", (b, v) -> b.issuer(text(v)));
        s.put("audience", (b, v) -> b.audience(list(v)));
        s.put("any-audience", (b, v) -> {
            if (bool(v)) {
                b.anyAudience();
            }
        });
        s.put("jwks-uri", (b, v) -> b.jwksUri(v instanceof URI u ? u : URI.create(text(v))));
        s.put("key-source", (b, v) -> b.keySource(as(v, KeySource.class)));
        s.put("algorithms", (b, v) -> b.algorithms(list(v)));
        s.put("clock-skew", (b, v) -> b.clockSkew(duration(v)));
        s.put("clock", (b, v) -> b.clock(as(v, Clock.class)));
        s.put("accepted-types", (b, v) -> b.acceptedTypes(list(v)));
        s.put("type-required", (b, v) -> b.typeRequired(bool(v)));
        s.put("require-access-token-type", (b, v) -> {
            if (bool(v)) {
                b.requireAccessTokenType();
            }
        });
        s.put("scope-claims", (b, v) -> b.scopeClaims(list(v)));
        s.put("role-claim", (b, v) -> b.roleClaim(text(v)));
        s.put("role-claims", (b, v) -> b.roleClaims(list(v)));
        s.put("max-token-length", (b, v) -> b.maxTokenLength(integer(v)));
        s.put("connect-timeout", (b, v) -> b.connectTimeout(duration(v)));
        s.put("request-timeout", (b, v) -> b.requestTimeout(duration(v)));
        s.put("ssl-context", (b, v) -> b.sslContext(as(v, SSLContext.class)));
        s.put("jwks-cache-lifetime", (b, v) -> b.jwksCacheLifetime(duration(v)));
        s.put("jwks-refresh-interval", (b, v) -> b.jwksRefreshInterval(duration(v)));
        s.put("jwks-max-staleness", (b, v) -> b.jwksMaxStaleness(duration(v)));
        s.put("prefetch-keys", (b, v) -> b.prefetchKeys(bool(v)));
        s.put("key-source-listener", (b, v) -> b.keySourceListener(as(v, KeySourceListener.class)));
        s.put("authentication-listener", (b, v) -> b.authenticationListener(as(v, AuthenticationListener.class)));
        s.put("token-cache-size", (b, v) -> b.tokenCacheSize(integer(v)));
        s.put("crypto-provider", (b, v) -> b.cryptoProvider(provider(v)));
        s.put("dpop", (b, v) -> b.dpop(v instanceof DpopPolicy p ? p : DpopPolicy.valueOf(text(v).toUpperCase(java.util.Locale.ROOT))));
        s.put("dpop-algorithms", (b, v) -> b.dpopAlgorithms(list(v)));
        s.put("dpop-proof-lifetime", (b, v) -> b.dpopProofLifetime(duration(v)));
        s.put("dpop-nonces", (b, v) -> b.dpopNonces(bool(v)));
        s.put("dpop-nonce-secret", (b, v) -> b.dpopNonceSecret(v instanceof byte[] bytes ? bytes : text(v).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        s.put("dpop-nonce-lifetime", (b, v) -> b.dpopNonceLifetime(duration(v)));
        s.put("dpop-replay-cache", (b, v) -> b.dpopReplayCache(as(v, ReplayCache.class)));
        s.put("dpop-replay-cache-size", (b, v) -> b.dpopReplayCacheSize(integer(v)));
        s.put("realm", (b, v) -> b.realm(text(v)));
        s.put("query-parameter-tokens", (b, v) -> b.queryParameterTokens(bool(v)));
        s.put("public-url", (b, v) -> b.publicUrl(v instanceof URI u ? u : URI.create(text(v))));
        s.put("resource-metadata", (b, v) -> b.resourceMetadata(bool(v)));
        s.put("resource-name", (b, v) -> b.resourceName(text(v)));
        s.put("resource-documentation", (b, v) -> b.resourceDocumentation(v instanceof URI u ? u : URI.create(text(v))));
        s.put("resource-audience", (b, v) -> b.resourceAudience(bool(v)));
        s.put("authorization-servers", (b, v) -> b.authorizationServers(list(v)));
        s.put("rules", FeatureProperties::rules);
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
