package dev.jaxrsoauth;

/** Attacker-chosen values (header parameters, claims, kids) bounded and made printable before they reach a log. */
final class LogText {

    private LogText() {
    }

    /** @return at most 64 printable ASCII characters of the value, others as {@code ?} */
    static String printable(Object value) {
        String s = String.valueOf(value);
        s = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                // rare: one '?' per code point outside printable ASCII
                return NOT_PRINTABLE.matcher(s).replaceAll("?");
            }
        }
        // the common case on every accepted request (client ids): no pattern, no copy
        return s;
    }

    private static final java.util.regex.Pattern NOT_PRINTABLE = java.util.regex.Pattern.compile("[^\\x20-\\x7e]");
}
