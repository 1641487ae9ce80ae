package dev.jaxrsoauth;

/** Attacker-chosen values (header parameters, claims, kids) bounded and made printable before they reach a log. */
final class LogText {

    private LogText() {
    }

    /** @return at most 64 printable ASCII characters of the value, others as {@code ?} */
    static String printable(Object value) {
        String s = String.valueOf(value);
        s = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
