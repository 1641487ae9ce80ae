package dev.jaxrsoauth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Map;

/** The one strictly configured JSON reader for tokens, metadata and key sets (RFC 7515 §10.12, RFC 8725 §3.2). */
final class Json {

    /** Rejects duplicate members and trailing content; bounds nesting, number and string length. */
    static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxNumberLength(40)
                            .maxStringLength(65_536)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private Json() {
    }

    /**
     * @return the bytes as one JSON object (members in order)
     * @throws IOException when they are anything else: not JSON, an array, {@code null}, duplicates, trailing data
     */
    static Map<String, Object> object(byte[] json) throws IOException {
        Map<String, Object> object = STRICT.readValue(json, OBJECT);
        if (object == null) {
            throw new JsonParseException(null, "JSON null, not an object");
        }
        return object;
    }
}
