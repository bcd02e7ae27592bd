package dev.inferd.api.http.fuzz;

import java.util.Map;

/**
 * Server bugs the fuzzers found and that are not fixed yet. The properties tolerate exactly these
 * answers (so CI stays green and keeps fuzzing for new ones) and the corpus skips their cases with
 * the same "BUG:" message. Delete an entry when its bug is fixed; the corpus case then guards it.
 */
final class KnownBugs {
    private KnownBugs() {
    }

    /** Corpus cases that show a known bug, by file name. None is known now. */
    static final Map<String, String> CORPUS_CASES = Map.of();

    /**
     * @return the known bug that explains {@code answer} to a request with that request line, or
     *         null; none is known now, so every answer must meet the fuzzers' criteria
     */
    static String explain(String requestLine, Answer answer) {
        return null;
    }
}
