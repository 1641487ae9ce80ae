package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class CompactJwsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "", "abc", "aQ.cQ", "aQ.cQ.eA.dA", "aQ.cQ.eA.dA.fA", ".cQ.eA", "aQ..eA", "aQ.cQ.",
            "aQ==.cQ.eA", "a+.cQ.eA", "a/.cQ.eA", "aQ.c Q.eA", "aQ.cQ.eA\n",
            "aQ.cQ.e", // length 1 mod 4 is impossible
            "aQ.cQ.eB", // 'B' leaves non-zero unused bits in a 2-character final group
            "aQ.cQ.efh" // 'h' leaves non-zero unused bits in a 3-character final group
    })
    void nonCanonicalCompactFormIsMalformed(String token) {
        assertThatThrownBy(() -> CompactJws.check(token, 1000))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void canonicalTokenPasses() {
        assertThatCode(() -> CompactJws.check("eyJhbGciOiJSUzI1NiJ9.e30.AQAB", 1000)).doesNotThrowAnyException();
        assertThatCode(() -> CompactJws.check("aQ.cw.eA", 1000)).doesNotThrowAnyException();
        assertThatCode(() -> CompactJws.check("abc.cQ.efg", 1000)).doesNotThrowAnyException();
    }

    @Test
    void tokenOverTheBoundIsMalformed() {
        assertThatThrownBy(() -> CompactJws.check("aQ.cQ.eA" + "A".repeat(100), 100)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void headerOverTheBoundIsMalformed() {
        String header = "A".repeat(CompactJws.MAX_HEADER_LENGTH + 4);
        assertThatThrownBy(() -> CompactJws.check(header + ".cQ.eA", 100_000)).isInstanceOf(InvalidTokenException.class);
    }
}
