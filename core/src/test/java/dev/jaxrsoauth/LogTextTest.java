package dev.jaxrsoauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches logs and events from attacker-chosen text: printable ASCII, at most 64 characters. */
class LogTextTest {

    @Test
    void controlAndNonAsciiCharactersBecomeOneQuestionMarkEach() {
        assertThat(LogText.printable("web\u0007app\r\n")).isEqualTo("web?app??");
        assertThat(LogText.printable("\u001b[31mred")).isEqualTo("?[31mred");
        // one code point, even as a surrogate pair
        assertThat(LogText.printable("a\uD83D\uDE00b\u00e9")).isEqualTo("a?b?");
        assertThat(LogText.printable(null)).isEqualTo("null");
        assertThat(LogText.printable(42)).isEqualTo("42");
    }

    @Test
    void longTextIsCutAt64Characters() {
        assertThat(LogText.printable("x".repeat(65))).isEqualTo("x".repeat(64) + "...");
        assertThat(LogText.printable("\u0000".repeat(100))).isEqualTo("?".repeat(64) + "...");
        assertThat(LogText.printable("y".repeat(64))).isEqualTo("y".repeat(64));
    }

    @Test
    void printableTextIsReturnedAsItIs() {
        String clientId = "web-app_1 ~!";
        assertThat(LogText.printable(clientId)).isSameAs(clientId);
    }
}
