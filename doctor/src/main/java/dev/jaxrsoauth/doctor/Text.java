package dev.jaxrsoauth.doctor;

/** Text from a token or a server made safe for a terminal: no control characters, no bidirectional overrides, bounded. */
final class Text {

    private static final int MAX = 400;

    private Text() {
    }

    static String printable(Object value) {
        return printable(value, MAX);
    }

    static String printable(Object value, int max) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
            boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
            out.append(control || bidi ? '?' : c);
        }
        if (text.length() > max) {
            out.append("…");
        }
        return out.toString();
    }
}
