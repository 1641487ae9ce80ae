package dev.jaxrsoauth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9449 §4.3 {@code htu} comparison with RFC 3986 §6.2.2 normalisation, and nothing more. */
class HttpUriTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // RFC 3986 §5.2.4's own examples
            "/a/b/c/./../../g, /a/g",
            "mid/content=5/../6, mid/6",
            "/api/data, /api/data",
            "/api/./data, /api/data",
            "/api/x/../data, /api/data",
            "/../api/data, /api/data",
            "/api/data/.., /api/",
            "/api//data, /api//data",
            "/, /",
            "/., /"})
    void dotSegmentsGoEmptySegmentsStay(String path, String expected) {
        assertThat(HttpUri.removeDotSegments(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} names {1}: {2}")
    @CsvSource({
            "https://API.example.com/api/data, https://api.example.com/api/data, true",
            "HTTPS://api.example.com:443/api/data, https://api.example.com/api/data, true",
            "http://api.example.com:80/api/data, http://api.example.com/api/data, true",
            "https://api.example.com/api/data?x=1#f, https://api.example.com/api/data?y=2, true",
            "https://api.example.com/api/%64ata, https://api.example.com/api/data, true",
            "https://api.example.com/api/a%2fb, https://api.example.com/api/a%2Fb, true",
            "https://api.example.com/../api/data, https://api.example.com/api/data, true",
            "http://[::1]:8080/api/data, http://[0:0:0:0:0:0:0:1]:8080/api/data, true",
            "https://api.example.com/api//data, https://api.example.com/api/data, false",
            "https://api.example.com/api/data, https://api.example.com/api/data/, false",
            "https://api.example.com:8443/api/data, https://api.example.com/api/data, false",
            "http://api.example.com/api/data, https://api.example.com/api/data, false",
            "https://user@api.example.com/api/data, https://api.example.com/api/data, false",
            "/api/data, https://api.example.com/api/data, false",
            "https://api.example.com/api/DATA, https://api.example.com/api/data, false"})
    void htuNamesTheRequestTarget(String htu, String request, boolean same) {
        assertThat(HttpUri.sameTarget(htu, URI.create(request))).isEqualTo(same);
    }
}
