package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A JWS in compact serialisation whose form and header have been checked, in one pass, before any key is looked up:
 * three canonical unpadded base64url segments (RFC 7515 §3.1, §2; a lenient decoder would let several strings verify
 * as one token), a header and payload in valid UTF-8 (RFC 7515 §5.2), a header that is one strict JSON object, and the
 * whole header policy: {@code alg} accepted, {@code typ} accepted, {@code kid} a short string, no parameter this
 * library supports no use of ({@code crit}, {@code zip}, {@code b64}, {@code enc}) and no empty one. Not verified yet:
 * {@link JwsVerifier} does that.
 */
final class CompactJws {

    static final int MAX_HEADER_LENGTH = 4096;
    static final int MAX_KEY_ID_LENGTH = 256;
    /** Extensions, compression, unencoded payloads, encryption: refused rather than ignored (RFC 7515 §4.1.11). */
    private static final Set<String> REFUSED_PARAMETERS = Set.of("crit", "zip", "b64", "enc");

    private final Map<String, Object> header;
    private final String algorithm;
    private final String keyId;
    private final byte[] signingInput;
    private final byte[] payload;
    private final byte[] signature;

    private CompactJws(Map<String, Object> header, String algorithm, String keyId, byte[] signingInput, byte[] payload,
                       byte[] signature) {
        this.header = header;
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.signingInput = signingInput;
        this.payload = payload;
        this.signature = signature;
    }

    /**
     * @throws InvalidTokenException {@link Reason#MALFORMED} for the form, {@link Reason#ALGORITHM} or
     *                               {@link Reason#TYPE} for what the policy does not accept
     */
    static CompactJws parse(String token, int maxLength, HeaderPolicy policy) {
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
        byte[] headerBytes = decoder.decode(token.substring(0, first));
        byte[] payload = decoder.decode(token.substring(first + 1, second));
        if (!Utf8.isValid(headerBytes)) {
            throw malformed("header is not valid UTF-8");
        }
        if (!Utf8.isValid(payload)) {
            throw malformed("payload is not valid UTF-8");
        }
        Map<String, Object> header;
        try {
            header = Json.object(headerBytes);
        } catch (IOException e) {
            throw malformed("header is not one JSON object");
        }
        String algorithm = policy.algorithm(header.get("alg"));
        policy.checkType(header.get("typ"));
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String k && !k.isEmpty() && k.length() <= MAX_KEY_ID_LENGTH)) {
            throw malformed("kid is not a string of 1 to " + MAX_KEY_ID_LENGTH + " characters");
        }
        for (Map.Entry<String, Object> parameter : header.entrySet()) {
            if (REFUSED_PARAMETERS.contains(parameter.getKey())) {
                throw malformed("header parameter " + parameter.getKey() + " is not supported");
            }
            if (parameter.getValue() instanceof String s && s.isEmpty()) {
                throw malformed("header parameter " + LogText.printable(parameter.getKey()) + " is empty");
            }
        }
        return new CompactJws(header, algorithm, (String) kid, token.substring(0, second).getBytes(StandardCharsets.US_ASCII),
                payload, decoder.decode(token.substring(second + 1)));
    }

    /** @return the header, one JSON object, unmodified */
    Map<String, Object> header() {
        return header;
    }

    /** @return {@code alg}, one the policy accepts */
    String algorithm() {
        return algorithm;
    }

    /** @return {@code kid}, or {@code null} */
    String keyId() {
        return keyId;
    }

    /** @return the ASCII bytes the signature covers: {@code header.payload} as sent */
    byte[] signingInput() {
        return signingInput;
    }

    /** @return the decoded payload, valid UTF-8, not parsed */
    byte[] payload() {
        return payload;
    }

    /** @return the decoded signature */
    byte[] signature() {
        return signature;
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

    static InvalidTokenException malformed(String detail) {
        return new InvalidTokenException(Reason.MALFORMED, detail);
    }
}
