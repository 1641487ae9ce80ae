package dev.jaxrsoauth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenPrincipalTest {

    @Test
    void claimsAreImmutableAtEveryDepthAndDetachedFromTheSource() {
        List<Object> roles = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new HashMap<>(Map.of("roles", roles));
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "alice", "realm_access", nested));
        TokenPrincipal p = TokenPrincipal.builder(claims).build();
        roles.add("b");
        claims.put("sub", "mallory");
        assertThat(p.getName()).isEqualTo("alice");
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) p.claims().get("realm_access");
        assertThat(copy.get("roles")).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> p.claims().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.scopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void claimConvertsNumbersAndRejectsOtherTypes() {
        TokenPrincipal p = TokenPrincipal.builder(Map.of("exp", 1_900_000_000, "n", 3, "s", "x")).build();
        assertThat(p.claim("exp", Long.class)).contains(1_900_000_000L);
        assertThat(p.claim("exp", Instant.class)).contains(Instant.ofEpochSecond(1_900_000_000L));
        assertThat(p.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_900_000_000L));
        assertThat(p.claim("n", Double.class)).contains(3.0);
        assertThat(p.claim("s", Long.class)).isEmpty();
        assertThat(p.claim("missing", String.class)).isEmpty();
    }

    @Test
    void numericConversionsAreExact() {
        TokenPrincipal p = TokenPrincipal.builder(Map.of("big", 4_294_967_297L, "huge", Long.MAX_VALUE, "frac", 1.5,
                "aud", new java.util.LinkedHashSet<>(List.of("api")))).build();
        assertThat(p.claim("big", Integer.class)).isEmpty();
        assertThat(p.claim("big", Long.class)).contains(4_294_967_297L);
        assertThat(p.claim("huge", Instant.class)).isEmpty();
        assertThat(p.claim("frac", Long.class)).isEmpty();
        assertThat(p.claim("aud", List.class)).contains(List.of("api"));
        assertThatThrownBy(() -> p.claim("aud", List.class).orElseThrow().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nameIsSubjectThenClientIdThenEmpty() {
        assertThat(TokenPrincipal.builder(Map.of("sub", "s", "client_id", "c")).build().getName()).isEqualTo("s");
        assertThat(TokenPrincipal.builder(Map.of("client_id", "c")).build().getName()).isEqualTo("c");
        assertThat(TokenPrincipal.builder(Map.of()).build().getName()).isEmpty();
    }

    @Test
    void scopeJoinsScopesInOrder() {
        TokenPrincipal p = TokenPrincipal.builder(Map.of()).scopes(new java.util.LinkedHashSet<>(List.of("b", "a"))).roles(Set.of("r")).build();
        assertThat(p.scope()).isEqualTo("b a");
        assertThat(p.roles()).containsExactly("r");
    }

    @Test
    void toStringOmitsClaims() {
        TokenPrincipal p = TokenPrincipal.builder(Map.of("sub", "alice", "email", "alice@example.com")).build();
        assertThat(p.toString()).contains("alice").doesNotContain("example.com");
    }
}
