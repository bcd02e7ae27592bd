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

    static final String BAD_HTTP_VERSION = "BUG: a request line whose version is not HTTP/1.0 or HTTP/1.1 (HTTP/1.2, "
            + "http/1.1, HTTP/2.0) gets a bare 501 with no body, not a PROTOCOL JSON 4xx; for HTTP/2.0 and HTTP/9.9 the "
            + "status line even echoes the client's version";

    /** Corpus cases that show a known bug, by file name. */
    static final Map<String, String> CORPUS_CASES = Map.of(
            "http-version-1-2-in-request-line.http", BAD_HTTP_VERSION,
            "http-version-2-0-in-request-line.http", BAD_HTTP_VERSION,
            "http-version-9-9-in-request-line.http", BAD_HTTP_VERSION,
            "http-version-lowercase.http", BAD_HTTP_VERSION);

    /** @return the known bug that explains {@code answer} to a request with that request line, or null */
    static String explain(String requestLine, Answer answer) {
        if (answer.closedWithoutAnswer()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        String version = parts.length >= 3 ? parts[parts.length - 1] : "";
        if (answer.status() == 501 && answer.body().length == 0 && !version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            return BAD_HTTP_VERSION;
        }
        return null;
    }
}
