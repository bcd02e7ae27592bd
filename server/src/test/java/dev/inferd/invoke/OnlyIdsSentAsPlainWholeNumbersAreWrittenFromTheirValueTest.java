package dev.inferd.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import dev.inferd.json.NumbersAsSent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A big answer writes an ID from its value when {@link BatchItemId#isPlainInteger()} says so; that
 * must hold only where the value's usual text is the text that was sent.
 */
class OnlyIdsSentAsPlainWholeNumbersAreWrittenFromTheirValueTest {
    private static final ObjectMapper REQUEST_JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);

    /** The ID as the server reads it, through the reader that keeps numbers' texts. */
    private static BatchItemId id(String json) throws IOException {
        return BatchItemId.of(NumbersAsSent.readTree(REQUEST_JSON, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wholeNumbersSentPlainlyAreWrittenFromTheirValue() throws IOException {
        assertThat(id("7").isPlainInteger()).isTrue();
        assertThat(id("7").smallInteger()).isEqualTo(7);
        assertThat(id("-3").smallInteger()).isEqualTo(-3);
        assertThat(id("9223372036854775807").isPlainInteger()).isTrue();
        assertThat(id("9223372036854775807").smallInteger()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void numbersWhoseTextIsKeptOrThatAreNotWholeOrTooBigAndStringsAreNot() throws IOException {
        for (String json : new String[] {"-0", "1e2", "1E-7", "2.5", "2.0", "9223372036854775808", "\"7\""}) {
            assertThat(id(json).isPlainInteger()).as(json).isFalse();
        }
    }
}
