package zmai.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** A JSON reader for untrusted device and import text: fixed bounds, exact decimals, no guessing. */
public final class BoundedJson {

    public static final int MAX_DEPTH = 16;

    private BoundedJson() {
    }

    /** A mapper that refuses documents longer than {@code maxDocumentLength} and reads every fraction as BigDecimal. */
    public static ObjectMapper mapper(long maxDocumentLength) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_DEPTH)
                                .maxStringLength(1024)
                                .maxNameLength(128)
                                .maxNumberLength(40)
                                .maxDocumentLength(maxDocumentLength)
                                .build())
                        // a key given twice would leave us guessing which one the sender meant
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // stripping zeros would turn 1200.0 into 1.2E+3
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
