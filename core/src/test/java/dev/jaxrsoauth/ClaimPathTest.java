package dev.jaxrsoauth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claim names and paths, as {@code roleClaim} and claim requirements read them. */
class ClaimPathTest {

    private static final Map<String, Object> CLAIMS = Map.of(
            "https://example.com/roles", List.of("auth0-admin"),
            "realm_access", Map.of("roles", List.of("realm-admin")),
            "resource_access", Map.of("my.api", Map.of("roles", List.of("client-admin"))),
            "a.b", "literal",
            "a", Map.of("b", "nested"));

    @Test
    void aUrlIsOneClaimName() {
        assertThat(ClaimPath.parse("https://example.com/roles").resolve(CLAIMS)).isEqualTo(List.of("auth0-admin"));
    }

    @Test
    void dotsWalkIntoNestedObjectsAndQuotesKeepDotsInAName() {
        assertThat(ClaimPath.parse("realm_access.roles").resolve(CLAIMS)).isEqualTo(List.of("realm-admin"));
        assertThat(ClaimPath.parse("resource_access.\"my.api\".roles").resolve(CLAIMS)).isEqualTo(List.of("client-admin"));
        assertThat(ClaimPath.parse("\"a.b\"").resolve(CLAIMS)).isEqualTo("literal");
        assertThat(ClaimPath.parse("a.b").resolve(CLAIMS)).isEqualTo("nested");
    }

    @Test
    void aMissingStepOrANonObjectResolvesToNothing() {
        assertThat(ClaimPath.parse("realm_access.roles.first").resolve(CLAIMS)).isNull();
        assertThat(ClaimPath.parse("nope.roles").resolve(CLAIMS)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "\"a", "a.\"b", "\"a\"b", "\"\""})
    void malformedPathsAreRefusedWhenTheValidatorIsBuilt(String path) {
        assertThatThrownBy(() -> ClaimPath.parse(path)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtValidator.builder().roleClaim(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalRoleClaimsAreCombined() {
        PrincipalMapping mapping = new PrincipalMapping(List.of("scope"), List.of(ClaimPath.parse("realm_access.roles"),
                ClaimPath.parse("resource_access.\"my.api\".roles"), ClaimPath.parse("https://example.com/roles")));
        assertThat(mapping.roles(CLAIMS)).containsExactlyInAnyOrder("realm-admin", "client-admin", "auth0-admin");
    }
}
