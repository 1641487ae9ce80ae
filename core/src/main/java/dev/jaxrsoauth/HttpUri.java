package dev.jaxrsoauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Compares a DPoP proof's {@code htu} with the request URI as RFC 9449 §4.3 asks: without query and fragment, after
 * RFC 3986 §6.2.2 normalisation (scheme and host case-insensitive, default port dropped, percent-encoding of
 * unreserved characters decoded and hex upper-cased, dot segments removed).
 */
final class HttpUri {

    private HttpUri() {
    }

    /** @return whether the proof's {@code htu} names the request's target */
    static boolean sameTarget(String htu, URI request) {
        URI proof;
        try {
            proof = new URI(htu);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!proof.isAbsolute() || proof.getHost() == null || proof.getRawUserInfo() != null) {
            return false;
        }
        String expected = normalized(request);
        return expected != null && expected.equals(normalized(proof));
    }

    /** @return {@code scheme://host[:port]/path}, normalised, or {@code null} for a URI without a host */
    static String normalized(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) {
            port = -1;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : percentNormalized(uri.getRawPath());
        path = URI.create("http://h" + path).normalize().getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path;
    }

    /** Upper-case hex, and unreserved characters ({@code ALPHA DIGIT - . _ ~}) decoded. */
    private static String percentNormalized(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                char decoded = (char) (hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)));
                if (Character.isLetterOrDigit(decoded) && decoded < 128 || "-._~".indexOf(decoded) >= 0) {
                    out.append(decoded);
                } else {
                    out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
