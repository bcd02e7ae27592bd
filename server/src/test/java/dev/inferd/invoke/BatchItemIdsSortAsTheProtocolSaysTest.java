package dev.inferd.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.inferd.error.BadRequestException;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PROTOCOL §1: numbers first in exact numeric order, then strings in code-point order. */
class BatchItemIdsSortAsTheProtocolSaysTest {
    /** The mapper the server reads bodies with, so IDs have the node types real requests give. */
    private static final ObjectMapper REQUEST_JSON = JsonMappers.forRequests(JsonLimits.DEFAULTS);

    private static BatchItemId id(String json) {
        try {
            return BatchItemId.of(REQUEST_JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** Sorts the IDs written as JSON texts (shuffled first, with a fixed seed) and returns their texts. */
    private static List<String> sorted(String... jsonIds) {
        List<BatchItemId> ids = new ArrayList<>();
        for (String json : jsonIds) {
            ids.add(id(json));
        }
        Collections.shuffle(ids, new Random(42));
        Collections.sort(ids);
        return ids.stream().map(BatchItemId::display).toList();
    }

    @Test
    void numbersSortBeforeStrings() {
        assertThat(sorted("\"0\"", "99", "\"a\"", "-5", "\"\""))
                .containsExactly("-5", "99", "\"\"", "\"0\"", "\"a\"");
    }

    @Test
    void numbersSortByValueNotByText() {
        assertThat(sorted("10", "2", "100", "9")).containsExactly("2", "9", "10", "100");
    }

    @Test
    void aNegativeNumberSortsBeforeAFraction() {
        assertThat(sorted("0.5", "-1", "0", "-0.25")).containsExactly("-1", "-0.25", "0", "0.5");
    }

    @Test
    void integersBeyondSixtyFourBitsSortExactly() {
        assertThat(sorted("18446744073709551617", "18446744073709551616", "9223372036854775807", "2"))
                .containsExactly("2", "9223372036854775807", "18446744073709551616", "18446744073709551617");
    }

    @Test
    void hugeNegativeIntegersSortBeforeLongMinValue() {
        assertThat(sorted("-9223372036854775808", "-9223372036854775809", "0"))
                .containsExactly("-9223372036854775809", "-9223372036854775808", "0");
    }

    @Test
    void fractionsThatDoublesCannotTellApartStillSortExactly() {
        // Both are 1.0 as doubles; only an exact comparison orders them.
        assertThat(sorted("1.00000000000000000001", "1", "1.00000000000000000000001"))
                .containsExactly("1", "1.00000000000000000000001", "1.00000000000000000001");
    }

    @Test
    void integersAndFractionsInterleaveByValue() {
        assertThat(sorted("3", "2.5", "2", "11", "10.5")).containsExactly("2", "2.5", "3", "10.5", "11");
        assertThat(id("1e1").compareTo(id("10"))).isZero();
        assertThat(id("1e1").compareTo(id("9.5"))).isPositive();
    }

    @Test
    void numericallyEqualNumbersCompareEqual() {
        assertThat(id("2.50").compareTo(id("2.5"))).isZero();
        assertThat(id("2").compareTo(id("2.0"))).isZero();
        assertThat(id("18446744073709551616").compareTo(id("18446744073709551616.000"))).isZero();
    }

    @Test
    void aStringThatLooksLikeANumberIsNotThatNumber() {
        assertThat(id("\"1\"").compareTo(id("1"))).isPositive();
    }

    @Test
    void stringsSortByCodePointNotByUtf16Unit() {
        String fullwidthA = "\uFF21";
        String grinningFace = "\uD83D\uDE00"; // U+1F600, a surrogate pair in UTF-16
        // String.compareTo puts the surrogate pair first; code-point order puts it last.
        assertThat(grinningFace.compareTo(fullwidthA)).isNegative();

        assertThat(id(quoted(grinningFace)).compareTo(id(quoted(fullwidthA)))).isPositive();
        assertThat(sorted(quoted("x" + grinningFace), quoted("x" + fullwidthA), quoted("x")))
                .containsExactly(quoted("x"), quoted("x" + fullwidthA), quoted("x" + grinningFace));
    }

    @Test
    void compareByCodePointAgreesWithComparingCodePointArrays() {
        Random random = new Random(7);
        int[] interesting = {0x41, 0x7A, 0xE9, 0xD7FF, 0xE000, 0xFB01, 0xFF21, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        for (int round = 0; round < 2_000; round++) {
            String a = randomString(random, interesting);
            String b = randomString(random, interesting);
            int expected = Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
            assertThat(Integer.signum(BatchItemId.compareByCodePoint(a, b)))
                    .as("%s vs %s", a.codePoints().boxed().toList(), b.codePoints().boxed().toList())
                    .isEqualTo(Integer.signum(expected));
        }
    }

    @Test
    void aPrefixSortsBeforeTheLongerString() {
        assertThat(sorted("\"ab\"", "\"a\"", "\"abc\"")).containsExactly("\"a\"", "\"ab\"", "\"abc\"");
    }

    @Test
    void theOriginalJsonIsKeptExactlyAsSent() {
        assertThat(id("2.50").original().toString()).isEqualTo("2.50");
        assertThat(id("1").original().isNumber()).isTrue();
        assertThat(id("\"1\"").original().isTextual()).isTrue();
        assertThat(id("18446744073709551617").original().toString()).isEqualTo("18446744073709551617");
    }

    @Test
    void idsThatAreNeitherStringsNorNumbersAreRefused() {
        for (String bad : List.of("{\"a\": 1}", "[1]", "true", "false", "null")) {
            assertThatThrownBy(() -> id(bad)).as(bad)
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("batch item IDs must be strings or numbers");
        }
        assertThatThrownBy(() -> BatchItemId.of(null)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void aNonFiniteDoubleIsRefusedAsAnId() {
        assertThatThrownBy(() -> BatchItemId.of(DoubleNode.valueOf(Double.NaN))).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> BatchItemId.of(DoubleNode.valueOf(Double.POSITIVE_INFINITY)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void aLongIdIsAbbreviatedInMessages() {
        String longText = "\"" + "x".repeat(200) + "\"";
        assertThat(id(longText).display()).hasSize(80).endsWith("...");
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String randomString(Random random, int[] codePoints) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }
}
