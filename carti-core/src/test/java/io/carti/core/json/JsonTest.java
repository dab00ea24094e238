package io.carti.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.carti.core.CartiException;
import org.junit.jupiter.api.Test;

class JsonTest {
    /** Expected strings are what Node's JSON.stringify prints for the same values. */
    @Test
    void prettyMatchesJavaScript() {
        JsonNode n = Json.parse("{\"a\":[],\"b\":{},\"c\":[1,\"x\",{\"d\":true}],\"e\":null,\"f\":\"q\\\"\\\\\\n\\u0001é\"}", "t");
        assertThat(Json.pretty(n)).isEqualTo("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    \"x\",\n    {\n      \"d\": true\n    }\n  ],\n"
                + "  \"e\": null,\n  \"f\": \"q\\\"\\\\\\n\\u0001é\"\n}");
        assertThat(Json.compact(n)).isEqualTo("{\"a\":[],\"b\":{},\"c\":[1,\"x\",{\"d\":true}],\"e\":null,\"f\":\"q\\\"\\\\\\n\\u0001é\"}");
    }

    @Test
    void malformedJsonIsOneLineNamingTheFile() {
        assertThatThrownBy(() -> Json.parse("{\"a\": ", "bundles.json"))
                .isInstanceOf(CartiException.class)
                .hasMessageStartingWith("bundles.json: malformed JSON at line 1");
    }

    @Test
    void malformedJsonIsOneLineWithPositionsAndNoJacksonSourceNoise() {
        assertThatThrownBy(() -> Json.parse("{\"assets\": [}", "pkg.json"))
                .isInstanceOf(CartiException.class)
                .hasMessage("pkg.json: malformed JSON at line 1, column 13: Unexpected close marker '}': expected ']' "
                        + "(for Array starting at line 1, column 12)");
    }
}
