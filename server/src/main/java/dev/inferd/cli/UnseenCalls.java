package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tells which calls of an answer of the logs route were not in the answer before. Calls carry no id,
 * and their time is when they arrived while the server lists them as they were answered, so a long
 * call can come after calls with later times, and quick calls can share a time. What does not
 * change is the order: each answer is the server's list, newest first, cut at the limit asked for,
 * and new calls only ever go on its front. So the calls not seen before are the ones in front of
 * where the earlier answer lines up.
 */
final class UnseenCalls {

    /** One answer: the calls, newest first, and the limit it was asked with. */
    record Window(List<JsonNode> newestFirst, int limit) {
        static final Window NOTHING_YET = new Window(List.of(), 1);

        /** Fewer calls than the limit: the server had no others. */
        boolean complete() {
            return newestFirst.size() < limit;
        }
    }

    private UnseenCalls() {
    }

    /**
     * The calls of an answer not seen before, oldest first. {@code someMayBeMissing}: more calls came
     * than the answer holds, so none of the earlier answer's is in it; then every call of it is given.
     */
    record Unseen(List<JsonNode> oldestFirst, boolean someMayBeMissing) {
    }

    /** The calls of {@code now} that {@code before} did not hold. */
    static Unseen since(Window before, Window now) {
        int count = newCount(before, now);
        List<JsonNode> oldestFirst = new ArrayList<>(now.newestFirst().subList(0, count < 0 ? now.newestFirst().size() : count));
        Collections.reverse(oldestFirst);
        return new Unseen(oldestFirst, count < 0);
    }

    private static int newCount(Window before, Window now) {
        List<JsonNode> seen = before.newestFirst();
        List<JsonNode> calls = now.newestFirst();
        if (seen.isEmpty()) {
            return calls.size();
        }
        if (before.complete() && now.complete()) {
            // Both hold the whole list, which only grows at the front: the difference is what came,
            // even where calls look alike. It does not line up when calls also left the back (with
            // version=N, the server keeps 1,000 calls of every version, and drops the oldest): then
            // the search below finds where the earlier answer now stands.
            int count = calls.size() - seen.size();
            if (count >= 0 && linesUp(seen, calls, count)) {
                return count;
            }
        }
        for (int count = 0; count < calls.size(); count++) {
            if (linesUp(seen, calls, count)) {
                return count;
            }
        }
        return now.complete() ? calls.size() : -1;
    }

    /** Whether the calls after the first {@code count} of {@code calls} are the first ones of {@code seen}. */
    private static boolean linesUp(List<JsonNode> seen, List<JsonNode> calls, int count) {
        int overlap = Math.min(calls.size() - count, seen.size());
        for (int i = 0; i < overlap; i++) {
            if (!calls.get(count + i).equals(seen.get(i))) {
                return false;
            }
        }
        return true;
    }
}
