package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class CompactJwsTest {

    private static final HeaderPolicy POLICY = new HeaderPolicy(Algorithms.ASYMMETRIC, java.util.Set.of("at+jwt", "jwt"), false);

    private static void check(String token, int maxLength) {
        CompactJws.parse(token, maxLength, POLICY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C080", "E08080", "EDA080", "F0808080", "F4908080", "F5808080", "C3", "E282", "80", "FF"})
    void strictUtf8RefusesOverlongSurrogateTruncatedAndOutOfRangeForms(String hex) {
        assertThat(Utf8.isValid(java.util.HexFormat.of().parseHex(hex))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "41", "C3A9", "E282AC", "F09F9880", "EFBFBD", "F48FBFBF"})
    void strictUtf8AcceptsWellFormedText(String hex) {
        assertThat(Utf8.isValid(java.util.HexFormat.of().parseHex(hex))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "abc", "aQ.cQ", "aQ.cQ.eA.dA", "aQ.cQ.eA.dA.fA", ".cQ.eA", "aQ..eA", "aQ.cQ.",
            "aQ==.cQ.eA", "a+.cQ.eA", "a/.cQ.eA", "aQ.c Q.eA", "aQ.cQ.eA\n",
            "aQ.cQ.e", // length 1 mod 4 is impossible
            "aQ.cQ.eB", // 'B' leaves non-zero unused bits in a 2-character final group
            "aQ.cQ.efh" // 'h' leaves non-zero unused bits in a 3-character final group
    })
    void nonCanonicalCompactFormIsMalformed(String token) {
        assertThatThrownBy(() -> check(token, 1000))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void canonicalTokenPasses() {
        assertThatCode(() -> check("eyJhbGciOiJSUzI1NiJ9.e30.AQAB", 1000)).doesNotThrowAnyException();
        // {"alg":"RS256","x":1} and {"a":"b"} end in 2- and 3-character groups
        assertThatCode(() -> check("eyJhbGciOiJSUzI1NiIsIngiOjF9.eyJhIjoiYiJ9.eA", 1000)).doesNotThrowAnyException();
        assertThatCode(() -> check("eyJhbGciOiJSUzI1NiJ9.eyJhIjoiYiJ9.efg", 1000)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"alg\":\"RS256\",\"crit\":[]}", "{\"alg\":\"RS256\",\"kid\":\"\"}", "{\"alg\":\"RS256\",\"enc\":\"A256GCM\"}",
            "{\"alg\":\"RS256\",\"zip\":\"DEF\"}", "{\"alg\":\"RS256\",\"b64\":false}", "[]", "null", "{\"alg\":\"RS256\"} {}"
    })
    void headersJjwtWouldNotShowUsAreMalformed(String header) {
        String token = dev.jaxrsoauth.testing.TokenBuilder.encode(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".e30.AQAB";
        assertThatThrownBy(() -> check(token, 1000)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void invalidUtf8IsMalformed() {
        String bad = dev.jaxrsoauth.testing.TokenBuilder.encode(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        assertThatThrownBy(() -> check("eyJhbGciOiJSUzI1NiJ9." + bad + ".AQAB", 1000)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> check(bad + ".e30.AQAB", 1000)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void tokenOverTheBoundIsMalformed() {
        assertThatThrownBy(() -> check("aQ.cQ.eA" + "A".repeat(100), 100)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void headerOverTheBoundIsMalformed() {
        String header = "A".repeat(CompactJws.MAX_HEADER_LENGTH + 4);
        assertThatThrownBy(() -> check(header + ".cQ.eA", 100_000)).isInstanceOf(InvalidTokenException.class);
    }
}
