package dev.jaxrsoauth;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The verified caller: an immutable view of an access token's claims, installed as the
 * {@link jakarta.ws.rs.core.SecurityContext#getUserPrincipal() user principal} of secured requests.
 *
 * <pre>{@code
 * TokenPrincipal caller = (TokenPrincipal) security.getUserPrincipal();
 * String role = caller.claim("role", String.class).orElse("none");
 * }</pre>
 *
 * <p>{@link #getName()} is {@code sub}, or {@code client_id} for a token without a subject (client credentials).
 *
 * @since 0.1.0
 */
public final class TokenPrincipal implements Principal {

    /**
     * The request property (in a servlet container, the request attribute) under which the verified caller of a
     * request is also kept, for code outside Jakarta REST: {@code jaxrs-oauth-cdi}'s producers, a servlet filter that
     * runs after the library's. Set only after the token was verified; absent on requests without one.
     */
    public static final String REQUEST_PROPERTY = "dev.jaxrsoauth.TokenPrincipal";

    private final String name;
    private final String issuer;
    private final Set<String> scopes;
    private final Set<String> roles;
    private final Map<String, Object> claims;
    private final Instant expiresAt;

    private TokenPrincipal(Builder b) {
        this.claims = deepCopy(b.claims);
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(b.scopes));
        this.roles = Collections.unmodifiableSet(new LinkedHashSet<>(b.roles));
        this.issuer = claims.get("iss") instanceof String s ? s : null;
        this.name = firstString(claims, "sub", "client_id");
        this.expiresAt = claims.get("exp") instanceof Number n && Double.isFinite(n.doubleValue())
                && Math.abs(n.doubleValue()) < 3.1e16 ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    /**
     * Starts a principal for a custom {@link TokenValidator}.
     *
     * @param claims the verified claims (JSON types: String, Number, Boolean, List, Map); {@code exp} in epoch seconds
     * @return a builder
     */
    public static Builder builder(Map<String, ?> claims) {
        return new Builder(claims);
    }

    /** @return {@code sub}, else {@code client_id}, else the empty string */
    @Override
    public String getName() {
        return name;
    }

    /** @return {@code iss}, or {@code null} if the validator did not require one */
    public String issuer() {
        return issuer;
    }

    /** @return the granted scopes (RFC 6749 §3.3), unmodifiable */
    public Set<String> scopes() {
        return scopes;
    }

    /** @return the granted scopes joined with single spaces, as in the {@code scope} claim */
    public String scope() {
        return String.join(" ", scopes);
    }

    /** @return the roles read from the configured role claim, unmodifiable */
    public Set<String> roles() {
        return roles;
    }

    /** @return every claim, unmodifiable at every depth */
    public Map<String, Object> claims() {
        return claims;
    }

    /**
     * Reads a claim as a type. Integral numbers convert exactly to {@code Long} or {@code Integer}, any number to
     * {@code Double} and, as epoch seconds, to {@code Instant}; otherwise the value must be an instance of the type.
     *
     * @param name the claim name
     * @param type the wanted type
     * @param <T> the wanted type
     * @return the value, or empty when absent, of another type, or out of the type's range
     */
    public <T> Optional<T> claim(String name, Class<T> type) {
        Object value = claims.get(name);
        if (type.isInstance(value)) {
            return Optional.of(type.cast(value));
        }
        if (value instanceof Number n) {
            return Optional.ofNullable(type.cast(convert(n, type)));
        }
        return Optional.empty();
    }

    private static Object convert(Number n, Class<?> type) {
        boolean integral = n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
        if (type == Double.class) {
            return n.doubleValue();
        }
        if (!integral) {
            return null;
        }
        long v = n.longValue();
        if (type == Long.class) {
            return v;
        }
        if (type == Integer.class) {
            return v == (int) v ? (Object) (int) v : null;
        }
        if (type == Instant.class) {
            return v >= -31_557_014_167_219_200L && v <= 31_556_889_864_403_199L ? Instant.ofEpochSecond(v) : null;
        }
        return null;
    }

    /** @return when the token expires, or {@code null} for a token without {@code exp} from a custom validator */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenPrincipal p && claims.equals(p.claims) && scopes.equals(p.scopes) && roles.equals(p.roles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(claims, scopes, roles);
    }

    /** Names the subject and issuer only: claims can be personal data. */
    @Override
    public String toString() {
        return "TokenPrincipal[name=" + name + ", issuer=" + issuer + ", scopes=" + scopes + "]";
    }

    private static String firstString(Map<String, Object> claims, String... names) {
        for (String n : names) {
            if (claims.get(n) instanceof String s) {
                return s;
            }
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopy((Map<String, ?>) map);
        }
        if (value instanceof Collection<?> list) {
            // JSON arrays arrive as lists, and as sets where jjwt converted them (aud): both become lists
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(freeze(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static Map<String, Object> deepCopy(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, freeze(v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Builds a {@link TokenPrincipal}.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final Map<String, ?> claims;
        private Set<String> scopes = Set.of();
        private Set<String> roles = Set.of();

        private Builder(Map<String, ?> claims) {
            this.claims = Objects.requireNonNull(claims, "claims");
        }

        /** @param scopes the granted scopes @return this builder */
        public Builder scopes(Set<String> scopes) {
            this.scopes = Objects.requireNonNull(scopes, "scopes");
            return this;
        }

        /** @param roles the roles {@code SecurityContext.isUserInRole} answers from @return this builder */
        public Builder roles(Set<String> roles) {
            this.roles = Objects.requireNonNull(roles, "roles");
            return this;
        }

        /** @return the immutable principal */
        public TokenPrincipal build() {
            return new TokenPrincipal(this);
        }
    }
}
