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
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : removeDotSegments(percentNormalized(uri.getRawPath()));
        return scheme + "://" + host(uri.getHost()) + (port < 0 ? "" : ":" + port) + path;
    }

    /** Lower case; an IPv6 literal in its one full form, so that {@code [::1]} and {@code [0:0:0:0:0:0:0:1]} agree. */
    private static String host(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("[")) {
            return lower;
        }
        try {
            // a literal (it contains ':'): parsed, never looked up
            return "[" + java.net.InetAddress.getByName(lower.substring(1, lower.length() - 1)).getHostAddress() + "]";
        } catch (java.net.UnknownHostException e) {
            return lower;
        }
    }

    /**
     * RFC 3986 §5.2.4 {@code remove_dot_segments}: {@code .} and {@code ..} segments go, everything else stays, empty
     * segments included ({@code /api//data} is another path than {@code /api/data}).
     */
    static String removeDotSegments(String path) {
        String in = path;
        StringBuilder out = new StringBuilder(path.length());
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
            } else if (in.equals("/..")) {
                in = "/";
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
                String segment = next < 0 ? in : in.substring(0, next);
                out.append(segment);
                in = next < 0 ? "" : in.substring(next);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
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
