package dev.jaxrsoauth;

/**
 * Strict UTF-8 validation without allocation (RFC 3629 §4): no overlong forms, no surrogates, nothing above
 * U+10FFFF. JWS header and claims must be valid UTF-8 (RFC 7515 §5.2); a lenient decoder would replace bad bytes and
 * let two byte strings read as the same text.
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean isValid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            int max;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
                max = 0xbf;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                // E0: no overlong forms; ED: no surrogates
                min = b == 0xe0 ? 0xa0 : 0x80;
                max = b == 0xed ? 0x9f : 0xbf;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                // F0: no overlong forms; F4: nothing above U+10FFFF
                min = b == 0xf0 ? 0x90 : 0x80;
                max = b == 0xf4 ? 0x8f : 0xbf;
            } else {
                return false;
            }
            if (i + length > n) {
                return false;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }
}
