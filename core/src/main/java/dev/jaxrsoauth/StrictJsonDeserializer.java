package dev.jaxrsoauth;

import dev.jaxrsoauth.InvalidTokenException.Reason;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;

import java.io.Reader;
import java.util.List;
import java.util.Map;

/**
 * Reads JOSE headers and claims with the strict {@link Json#STRICT} mapper and checks the time claims' raw JSON types
 * before jjwt converts them: jjwt would accept {@code "exp": "1700000000"} or an ISO-8601 string. jjwt swallows a
 * claims-reading failure (it then treats the payload as opaque content), so the precise verdict is also left in
 * {@link #VERDICT} for the validator, which parses on the same thread and clears it.
 */
final class StrictJsonDeserializer extends JacksonDeserializer<Map<String, ?>> {

    static final ThreadLocal<InvalidTokenException> VERDICT = new ThreadLocal<>();

    /** NumericDate (RFC 7519 §2) bounds: no negative times, nothing past the year 9999. */
    static final long MAX_NUMERIC_DATE = 253_402_300_799L;
    private static final List<String> TIME_CLAIMS = List.of("exp", "nbf", "iat");

    StrictJsonDeserializer() {
        super(Json.STRICT);
    }

    @Override
    protected Map<String, ?> doDeserialize(Reader reader) throws Exception {
        Map<String, ?> json = super.doDeserialize(reader);
        if (json != null) {
            for (String name : TIME_CLAIMS) {
                if (json.containsKey(name) && !isNumericDate(json.get(name))) {
                    InvalidTokenException verdict = new InvalidTokenException(Reason.CLAIMS, name + " is not a NumericDate");
                    VERDICT.set(verdict);
                    throw verdict;
                }
            }
        }
        return json;
    }

    static boolean isNumericDate(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            return seconds >= 0 && seconds <= MAX_NUMERIC_DATE;
        }
        if (value instanceof Double || value instanceof Float) {
            double seconds = ((Number) value).doubleValue();
            return Double.isFinite(seconds) && seconds >= 0 && seconds <= MAX_NUMERIC_DATE;
        }
        return false;
    }
}
