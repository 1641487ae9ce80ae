package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokensTest {

    private final BearerTokens headerOnly = new BearerTokens(false);
    private final BearerTokens withQuery = new BearerTokens(true);

    @Test
    void noHeaderIsAMissingToken() {
        assertThatThrownBy(() -> headerOnly.extract(null, null))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
    }

    @Test
    void anotherSchemeIsAMissingToken() {
        for (String header : List.of("Basic dXNlcjpwYXNz", "DPoP abc", "Bearerx abc", "Bear abc", "")) {
            assertThatThrownBy(() -> headerOnly.extract(List.of(header), null))
                    .as(header)
                    .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
        }
    }

    @Test
    void twoHeadersAreAnInvalidRequest() {
        assertThatThrownBy(() -> headerOnly.extract(List.of("Bearer a.b.c", "Bearer a.b.c"), null))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage(InvalidRequestException.MULTIPLE_TOKENS);
    }

    @Test
    void bearerWithoutTokenIsAnInvalidRequest() {
        for (String header : List.of("Bearer", "Bearer ", "Bearer    ")) {
            assertThatThrownBy(() -> headerOnly.extract(List.of(header), null))
                    .as(header)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage(InvalidRequestException.MALFORMED_HEADER);
        }
    }

    @Test
    void charactersOutsideB64TokenAreMalformed() {
        for (String header : List.of("Bearer a.b c", "Bearer a\"b", "Bearer a,b", "Bearer =abc", "Bearer ab=c", "Bearer a\tb")) {
            assertThatThrownBy(() -> headerOnly.extract(List.of(header), null))
                    .as(header)
                    .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    @Test
    void schemeIsCaseInsensitiveAndSpacesMayRepeat() {
        assertThat(headerOnly.extract(List.of("bearer a.b.c"), null)).isEqualTo("a.b.c");
        assertThat(headerOnly.extract(List.of("BEARER    a.b.c"), null)).isEqualTo("a.b.c");
        assertThat(headerOnly.extract(List.of("Bearer a-b_c~+/=="), null)).isEqualTo("a-b_c~+/==");
    }

    @Test
    void queryTokenIsIgnoredUnlessEnabled() {
        assertThatThrownBy(() -> headerOnly.extract(null, List.of("a.b.c")))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
        assertThat(withQuery.extract(null, List.of("a.b.c"))).isEqualTo("a.b.c");
    }

    @Test
    void queryTokenBesideHeaderOrTwiceIsAnInvalidRequest() {
        assertThatThrownBy(() -> headerOnly.extract(List.of("Bearer a.b.c"), List.of("a.b.c")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> withQuery.extract(null, List.of("a.b.c", "a.b.c")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void behindAProxyTheTargetIsThePublicUrlAndThePathBelowTheBase() {
        URI container = URI.create("http://10.0.0.5:8080/api/data");
        URI gateway = URI.create("https://api.example.com/gateway");
        assertThat(BearerTokens.publicTarget(gateway, "/api/", "/api/data", container)).hasToString("https://api.example.com/gateway/data");
        assertThat(BearerTokens.publicTarget(URI.create("https://api.example.com/gateway/"), "/api/", "/api/data", container))
                .hasToString("https://api.example.com/gateway/data");
        assertThat(BearerTokens.publicTarget(gateway, "/", "/api/data", container)).hasToString("https://api.example.com/gateway/api/data");
        // the application's root without its slash is the public URL itself, not a URL glued to the container's
        assertThat(BearerTokens.publicTarget(gateway, "/api/", "/api", container)).isEqualTo(gateway);
        assertThat(BearerTokens.publicTarget(gateway, "/api/", "/api/", container)).isEqualTo(gateway);
        // outside the base: the container's view, which no proof for the public URL names
        assertThat(BearerTokens.publicTarget(gateway, "/api/", "/other/data", container)).isSameAs(container);
    }
}
