package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;

/**
 * Enforces the strict JWS compact serialisation (RFC 7515 §3.1, §2 base64url without padding, RFC 7519 §7.2) before
 * any parser sees the token: jjwt's decoder is lenient, so several strings would otherwise verify as one token.
 */
final class CompactJws {

    static final int MAX_HEADER_LENGTH = 4096;

    private CompactJws() {
    }

    /**
     * @throws InvalidTokenException {@link Reason#MALFORMED} unless the token is three canonical base64url segments
     */
    static void check(String token, int maxLength) {
        if (token == null || token.isEmpty()) {
            throw malformed("empty token");
        }
        if (token.length() > maxLength) {
            throw malformed("token longer than " + maxLength + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            throw malformed("not three dot-separated segments (a JWE has five)");
        }
        if (first > MAX_HEADER_LENGTH) {
            throw malformed("header segment longer than " + MAX_HEADER_LENGTH + " characters");
        }
        segment(token, 0, first, "header");
        segment(token, first + 1, second, "payload");
        segment(token, second + 1, token.length(), "signature");
    }

    private static void segment(String token, int start, int end, String name) {
        int length = end - start;
        if (length == 0) {
            throw malformed("empty " + name + " segment");
        }
        if (length % 4 == 1) {
            throw malformed(name + " segment has an impossible base64url length");
        }
        int last = 0;
        for (int i = start; i < end; i++) {
            last = value(token.charAt(i));
            if (last < 0) {
                throw malformed(name + " segment has a character outside the base64url alphabet at " + (i - start));
            }
        }
        // the unused low bits of the final character must be zero, or two strings decode to the same bytes
        int unusedBits = length % 4 == 2 ? 0x0F : length % 4 == 3 ? 0x03 : 0;
        if ((last & unusedBits) != 0) {
            throw malformed(name + " segment is not canonical base64url");
        }
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private static InvalidTokenException malformed(String detail) {
        return new InvalidTokenException(Reason.MALFORMED, detail);
    }
}
