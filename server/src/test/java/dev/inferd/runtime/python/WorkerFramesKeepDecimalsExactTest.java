package dev.inferd.runtime.python;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's end of the worker protocol's numbers: a Decimal arrives with an uppercase exponent
 * and is kept exact; a float, with a point or a lowercase e, is a double; NaN and infinities arrive
 * as bare tokens. The worker's end is tested in test_inferd_worker.py.
 */
class WorkerFramesKeepDecimalsExactTest {
    private static final ObjectMapper FRAMES = JsonMapper.builder(
            JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()).build();

    private static JsonNode valuesOf(String frame) throws IOException {
        return FrameParser.parse(FRAMES, frame.getBytes(StandardCharsets.UTF_8)).get("values");
    }

    @Test
    void aNumberWithAnUppercaseExponentIsAnExactDecimal() throws IOException {
        JsonNode values = valuesOf("{\"op\":\"result\",\"id\":1,\"values\":[110E-2,-0E-2,1E3,12345678901234567890123456789E-9],\"errors\":{}}");

        assertThat(values.get(0).decimalValue()).isEqualTo(new BigDecimal("1.10"));
        assertThat(values.get(1).decimalValue()).isEqualTo(new BigDecimal("0.00"));
        assertThat(values.get(2).decimalValue()).isEqualTo(new BigDecimal("1E+3"));
        assertThat(values.get(3).decimalValue()).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
    }

    @Test
    void aFloatAsPythonWritesItIsADouble() throws IOException {
        JsonNode values = valuesOf("{\"values\":[0.1,1e+16,1e-07,2.5e-05,NaN,-Infinity]}");

        assertThat(values).allSatisfy(value -> assertThat(value.isDouble()).as(value.toString()).isTrue());
        assertThat(values.get(1).doubleValue()).isEqualTo(1e16);
        assertThat(values.get(4).doubleValue()).isNaN();
    }

    @Test
    void integersStayIntegers() throws IOException {
        JsonNode values = valuesOf("{\"values\":[7,123456789012345678901234567890]}");

        assertThat(values.get(0).isInt()).isTrue();
        assertThat(values.get(1).isBigInteger()).isTrue();
    }
}
