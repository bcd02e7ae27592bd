package dev.inferd.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NumbersAsSent}'s own reading of numbers and rows, a shortcut past Jackson's, must make
 * exactly the tree Jackson's reader makes, and write every number back as it was sent.
 */
class FractionsAreReadAsJacksonReadsThemTest {
    private static final ObjectMapper JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);

    private static BigDecimal plain(String text) {
        return NumbersAsSent.plainDecimal(text.toCharArray(), 0, text.length());
    }

    /** A decimal of 1 to 18 digits with a point among them, perhaps negative, perhaps with trailing zeros. */
    private static String randomPlainDecimal(Random random) {
        int digits = 1 + random.nextInt(18);
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "-" : "");
        int whole = 1 + random.nextInt(Math.max(1, digits - 1));
        text.append(random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(9));
        for (int i = 1; i < whole; i++) {
            text.append(random.nextInt(10));
        }
        if (text.charAt(text.length() - whole) == '0') {
            // JSON allows no leading zeros: a whole part that starts with 0 is just "0".
            text.setLength(text.length() - whole + 1);
        }
        text.append('.');
        for (int i = 0; i < Math.max(1, digits - whole); i++) {
            text.append(random.nextInt(10));
        }
        return text.toString();
    }

    @Test
    void aPlainDecimalIsTheBigDecimalOfItsTextWithTheSameScaleAndItsPlainFormIsTheText() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            String text = randomPlainDecimal(random);
            BigDecimal expected = new BigDecimal(text);

            BigDecimal read = plain(text);

            assertThat(read).as(text).isNotNull();
            assertThat(read.unscaledValue()).as(text).isEqualTo(expected.unscaledValue());
            assertThat(read.scale()).as(text).isEqualTo(expected.scale());
            if (read.signum() != 0) {
                assertThat(read.toPlainString()).isEqualTo(text);
            }
        }
    }

    @Test
    void textThatIsNotAPlainDecimalOfAtMostEighteenDigitsIsLeftToTheParser() {
        assertThat(plain("1e2")).isNull();
        assertThat(plain("1.5E-3")).isNull();
        assertThat(plain("12")).isNull();
        assertThat(plain("0.1234567890123456789")).isNull();
        assertThat(plain("-")).isNull();
    }

    @Test
    void rowsOfNumbersReadAsJacksonReadsThemAndAreWrittenBackAsSent() throws IOException {
        String body = "[[1, [0.0, 16.0, -0.0, -2.50, 0.0000001, 1e2, 1.5E-3, 12345678901234567890.5, 7, -0, true, null,"
                + " \"x\", {\"a\": [1.10, 2]}, [[3.25], []]]], [\"b\", []]]";
        JsonNode jacksons = JSON.readTree(body);

        JsonNode ours;
        try (JsonParser parser = JSON.createParser(body.getBytes(StandardCharsets.UTF_8))) {
            parser.nextToken();
            ours = NumbersAsSent.valueReader(JSON, parser).read();
        }

        assertThat(ours).isEqualTo(jacksons);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(written)) {
            JsonNodeWriter.write(ours, generator);
        }
        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(body.replace(" ", ""));
    }
}
