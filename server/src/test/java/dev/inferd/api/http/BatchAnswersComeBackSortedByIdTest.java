package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §1, batch call: one entry per item, sorted by ID, IDs echoed exactly as sent. */
class BatchAnswersComeBackSortedByIdTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployADoubler() {
        server.deployJavaClass("doubler", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
    }

    private static HttpAnswer batch(String items) {
        HttpAnswer answer = server.call("doubler", items);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        return answer;
    }

    @Test
    void numbersSortBeforeStrings() {
        assertThat(batch("[[\"b\", 1], [3, 2], [\"a\", 3], [1, 4]]").body())
                .isEqualTo("{\"data\":[[1,8],[3,4],[\"a\",6],[\"b\",2]]}");
    }

    @Test
    void numbersSortByValueNotByText() {
        assertThat(batch("[[10, 1], [2, 2], [100, 3], [9, 4]]").body())
                .isEqualTo("{\"data\":[[2,4],[9,8],[10,2],[100,6]]}");
    }

    @Test
    void aNegativeIdSortsBeforeAFractionalOne() {
        assertThat(batch("[[0.5, 1], [-1, 2], [0, 3], [-0.25, 4]]").body())
                .isEqualTo("{\"data\":[[-1,4],[-0.25,8],[0,6],[0.5,2]]}");
    }

    @Test
    void idsBeyondSixtyFourBitsSortExactlyAndKeepEveryDigit() {
        assertThat(batch("[[18446744073709551617, 1], [18446744073709551616, 2], [10, 3], [2, 4]]").body())
                .isEqualTo("{\"data\":[[2,8],[10,6],[18446744073709551616,4],[18446744073709551617,2]]}");
    }

    @Test
    void stringIdsSortByCodePointSoAnEmojiComesAfterAFullwidthLetter() {
        String fullwidthA = "\uFF21";
        String grinningFace = "\uD83D\uDE00";
        JsonNode data = batch("[[\"" + grinningFace + "\", 1], [\"" + fullwidthA + "\", 2], [\"z\", 3]]").json().get("data");

        assertThat(ids(data)).containsExactly("z", fullwidthA, grinningFace);
        assertThat(data.get(2).get(1).asLong()).isEqualTo(2);
    }

    @Test
    void idsAreEchoedExactlyAsSent() {
        assertThat(batch("[[\"1\", 1], [1, 2], [2.50, 3]]").body())
                .isEqualTo("{\"data\":[[1,4],[2.50,6],[\"1\",2]]}");
    }

    @Test
    void numberIdsWhoseUsualFormDiffersAreEchoedAsSentToo() {
        assertThat(batch("[[1e2, 1], [-0, 2], [1E-7, 3]]").body())
                .isEqualTo("{\"data\":[[-0,4],[1E-7,6],[1e2,2]]}");
        assertThat(batch("[[0.0000001, 1], [-0.0, 2], [2.5e0, 3]]").body())
                .isEqualTo("{\"data\":[[-0.0,4],[0.0000001,2],[2.5e0,6]]}");
    }

    @Test
    void minusZeroAndZeroAreTheSameId() {
        HttpAnswer answer = server.call("doubler", "[[0, 1], [-0, 2]]");

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("-0").contains("same number");
    }

    @Test
    void aStringIdThatLooksLikeANumberStaysAString() {
        JsonNode data = batch("[[\"2\", 1], [\"10\", 2]]").json().get("data");

        // As strings, "10" < "2"; as numbers it would be the other way round.
        assertThat(data.get(0).get(0).isTextual()).isTrue();
        assertThat(ids(data)).containsExactly("10", "2");
    }

    @Test
    void eachResultStaysWithItsIdAfterSorting() {
        StringBuilder items = new StringBuilder("[");
        for (int id = 50; id >= 1; id--) {
            items.append(id == 50 ? "" : ", ").append("[").append(id).append(", ").append(id * 100).append("]");
        }
        JsonNode data = batch(items.append("]").toString()).json().get("data");

        assertThat(data).hasSize(50);
        for (int k = 0; k < 50; k++) {
            assertThat(data.get(k).get(0).asInt()).isEqualTo(k + 1);
            assertThat(data.get(k).get(1).asLong()).isEqualTo((k + 1) * 200L);
        }
    }

    @Test
    void aBatchWithoutFailuresHasNoErrorKeys() {
        JsonNode body = batch("[[1, 1], [2, 2]]").json();

        assertThat(body.fieldNames()).toIterable().containsExactly("data");
    }

    private static List<String> ids(JsonNode data) {
        List<String> ids = new ArrayList<>();
        data.forEach(entry -> ids.add(entry.get(0).asText()));
        return ids;
    }
}
