package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code logs --follow} prints of each poll: the calls in front of where the earlier answer
 * lines up, however their times compare.
 */
class UnseenCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAME_TIME = "2026-12-08T10:00:00.000001Z";

    private static JsonNode call(String time, int data) {
        return JSON.createObjectNode().put("time", time).put("version", 1).put("input", "{\"data\": " + data + "}");
    }

    private static UnseenCalls.Window window(int limit, JsonNode... newestFirst) {
        return new UnseenCalls.Window(List.of(newestFirst), limit);
    }

    @Test
    void aCallWithTheSameTimeAsOneAlreadySeenIsUnseen() {
        JsonNode first = call(SAME_TIME, 1);
        JsonNode second = call(SAME_TIME, 2);

        UnseenCalls.Unseen unseen = UnseenCalls.since(window(100, first), window(100, second, first));

        assertThat(unseen.oldestFirst()).containsExactly(second);
        assertThat(unseen.someMayBeMissing()).isFalse();
    }

    @Test
    void aCallThatLooksExactlyLikeOneAlreadySeenIsUnseenToo() {
        JsonNode first = call(SAME_TIME, 1);
        JsonNode again = call(SAME_TIME, 1);

        assertThat(UnseenCalls.since(window(100, first), window(100, again, first)).oldestFirst()).containsExactly(again);
    }

    @Test
    void callsOfOneVersionThatLeftTheServersListAreNotTakenForNewOnes() {
        // With version=N the answers hold fewer calls than the limit, and the server drops its oldest
        // calls (of every version) while new ones come: here two came and one of those seen left.
        JsonNode oldest = call("2026-12-08T10:00:01Z", 1);
        JsonNode middle = call("2026-12-08T10:00:02Z", 2);
        JsonNode newest = call("2026-12-08T10:00:03Z", 3);
        JsonNode came = call("2026-12-08T10:00:04Z", 4);
        JsonNode cameToo = call("2026-12-08T10:00:05Z", 5);

        UnseenCalls.Unseen unseen = UnseenCalls.since(window(100, newest, middle, oldest),
                window(100, cameToo, came, newest, middle));

        assertThat(unseen.oldestFirst()).containsExactly(came, cameToo);
        assertThat(unseen.someMayBeMissing()).isFalse();
    }

    @Test
    void aLongCallAnsweredAfterLaterOnesIsUnseenThoughItsTimeIsEarlier() {
        JsonNode quick = call("2026-12-08T10:00:02Z", 1);
        JsonNode slow = call("2026-12-08T10:00:01Z", 2);

        assertThat(UnseenCalls.since(window(100, quick), window(100, slow, quick)).oldestFirst()).containsExactly(slow);
    }

    @Test
    void callsAlreadySeenAreNotUnseenAgainWhenTheAnswersAreCutAtTheirLimit() {
        JsonNode a = call("2026-12-08T10:00:01Z", 1);
        JsonNode b = call("2026-12-08T10:00:02Z", 2);
        JsonNode c = call("2026-12-08T10:00:03Z", 3);
        JsonNode d = call("2026-12-08T10:00:04Z", 4);

        UnseenCalls.Unseen unseen = UnseenCalls.since(window(2, c, b), window(3, d, c, b));

        assertThat(unseen.oldestFirst()).containsExactly(d);
        assertThat(unseen.someMayBeMissing()).isFalse();
        assertThat(UnseenCalls.since(window(3, b, a), window(3, b, a)).oldestFirst()).isEmpty();
    }

    @Test
    void moreNewCallsThanAnAnswerHoldsAreAllGivenAndFlagged() {
        JsonNode a = call("2026-12-08T10:00:01Z", 1);
        JsonNode b = call("2026-12-08T10:00:02Z", 2);
        JsonNode c = call("2026-12-08T10:00:03Z", 3);

        UnseenCalls.Unseen unseen = UnseenCalls.since(window(1, a), window(2, c, b));

        assertThat(unseen.oldestFirst()).containsExactly(b, c);
        assertThat(unseen.someMayBeMissing()).isTrue();
    }

    @Test
    void aDeploymentMadeAgainStartsAFreshListWhoseCallsAreAllUnseen() {
        JsonNode before = call("2026-12-08T10:00:01Z", 1);
        JsonNode after = call("2026-12-08T10:00:05Z", 2);

        assertThat(UnseenCalls.since(window(100, before), window(100, after)).oldestFirst()).containsExactly(after);
    }
}
