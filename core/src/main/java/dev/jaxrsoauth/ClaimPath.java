package dev.jaxrsoauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A claim name, or a path into nested objects: segments separated by dots ({@code realm_access.roles}); a segment in
 * double quotes is one name even with dots in it ({@code resource_access."my.app".roles}); a URL is one name
 * ({@code https://example.com/roles}, Auth0's namespaced claims).
 */
final class ClaimPath {

    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    private final String text;
    private final List<String> segments;

    private ClaimPath(String text, List<String> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** @throws IllegalArgumentException naming the path when it has an empty or unterminated segment */
    static ClaimPath parse(String path) {
        if (URL.matcher(path).matches()) {
            return new ClaimPath(path, List.of(path));
        }
        List<String> segments = new ArrayList<>();
        int i = 0;
        while (i <= path.length()) {
            int end;
            String segment;
            if (i < path.length() && path.charAt(i) == '"') {
                int close = path.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("claim path has an unterminated quote: " + path);
                }
                segment = path.substring(i + 1, close);
                end = close + 1;
                if (end < path.length() && path.charAt(end) != '.') {
                    throw new IllegalArgumentException("claim path has text after a quoted name: " + path);
                }
            } else {
                end = path.indexOf('.', i);
                end = end < 0 ? path.length() : end;
                segment = path.substring(i, end);
            }
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("claim path has an empty name: " + path);
            }
            segments.add(segment);
            i = end + 1;
        }
        return new ClaimPath(path, segments);
    }

    /** @return the value at this path, or {@code null} when a step is missing or not an object */
    Object resolve(Map<String, ?> claims) {
        Object value = claims;
        for (String segment : segments) {
            value = value instanceof Map<?, ?> map ? map.get(segment) : null;
        }
        return value;
    }

    @Override
    public String toString() {
        return text;
    }
}
