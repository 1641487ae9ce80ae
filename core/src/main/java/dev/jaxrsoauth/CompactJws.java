package dev.jaxrsoauth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Enforces the strict JWS compact serialisation (RFC 7515 §3.1, §2 base64url without padding, RFC 7519 §7.2) before
 * any parser sees the token: jjwt's decoder is lenient, so several strings would otherwise verify as one token.
 * Also checks what jjwt cannot show us: header and claims must be valid UTF-8 (jjwt replaces bad bytes), and header
 * parameters jjwt drops when empty ({@code "crit": []}, {@code "kid": ""}) or would ignore ({@code enc} on a JWS)
 * reject the token.
 */
final class CompactJws {

    static final int MAX_HEADER_LENGTH = 4096;
    /** Parameters this library supports no use of: extensions, compression, unencoded payloads, encryption. */
    private static final Set<String> REFUSED_PARAMETERS = Set.of("crit", "zip", "b64", "enc");

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
        Base64.Decoder decoder = Base64.getUrlDecoder();
        byte[] header = decoder.decode(token.substring(0, first));
        utf8(header, "header");
        utf8(decoder.decode(token.substring(first + 1, second)), "payload");
        checkHeader(header);
    }

    /** A decoder and buffer per thread: validating UTF-8 on every request should not allocate. */
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
    private static final ThreadLocal<CharBuffer[]> BUFFER = ThreadLocal.withInitial(() -> new CharBuffer[] {CharBuffer.allocate(2048)});

    private static void utf8(byte[] bytes, String name) {
        CharBuffer[] holder = BUFFER.get();
        if (holder[0].capacity() < bytes.length) {
            holder[0] = CharBuffer.allocate(bytes.length);
        }
        CharBuffer out = holder[0].clear();
        CharsetDecoder decoder = DECODER.get().reset();
        if (decoder.decode(ByteBuffer.wrap(bytes), out, true).isError() || decoder.flush(out).isError()) {
            throw malformed(name + " is not valid UTF-8");
        }
    }

    /** Streams the header once: one JSON object without refused or empty parameters (duplicates: jjwt's strict read). */
    private static void checkHeader(byte[] json) {
        try (JsonParser parser = Json.STRICT.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("header is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                if (REFUSED_PARAMETERS.contains(name)) {
                    throw malformed("header parameter " + name + " is not supported");
                }
                if (parser.nextToken() == JsonToken.VALUE_STRING && parser.getTextLength() == 0) {
                    throw malformed("header parameter " + JwsKeyLocator.printable(name) + " is empty");
                }
                parser.skipChildren();
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw malformed("header is not one JSON object");
            }
        } catch (IOException e) {
            throw malformed("header is not a JSON object");
        }
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
