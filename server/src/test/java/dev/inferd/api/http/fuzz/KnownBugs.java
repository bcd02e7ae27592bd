package dev.inferd.api.http.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

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
    static final String PLAIN_TEXT_ROUTER_ERROR = "BUG: a path Vert.x cannot normalize (an invalid percent-escape such as "
            + "/v1/%zz/%, or the target *) is answered by Vert.x-web's default handler with text/plain-less "
            + "'Bad Request' / 'Not Found', not PROTOCOL JSON, and logged as 'Unhandled exception in router'";
    static final String EXPONENT_OVERFLOW = "BUG: a number whose exponent does not fit an int ({\"data\": 1E+9999999999}) "
            + "is a 500 internal_error: Jackson's NumberFormatException escapes InferenceRequestDecoder, which maps only "
            + "JsonProcessingException/IOException to 400";
    static final String H2C_BAD_SETTINGS = "BUG: Upgrade: h2c without a decodable HTTP2-Settings header (missing or bad) gets "
            + "'400 Bad Request' with Connection: close but no body, no Content-Length and no close: the connection "
            + "stays open, so a client reading to end of stream hangs";

    static final String PLAIN_TEXT_BAD_HOST = "BUG: a Host header Vert.x rejects (an obs-fold continuation line "
            + "after it, or two Host headers) gets Vert.x's plain 'Bad Request' with no content type, not PROTOCOL JSON";

    static final String HTTP2_HEADERS_TOO_LARGE = "BUG: over HTTP/2 (h2c, as java.net.http negotiates it), a header "
            + "list over the limit (one 9,000-byte header) gets a bare 431 with no body, not PROTOCOL JSON as over HTTP/1.1";

    static final String DECODER_REJECT_WITHOUT_LINGER = "BUG: a request the HTTP decoder rejects (a header over 8 KiB: 431) "
            + "while the client is still sending a large body gets its connection closed at once, so the client sees a "
            + "reset and never the 431 (HttpApiServer.invalidRequest closes without the linger ErrorMapper uses)";

    /** Corpus cases that show a known bug, by file name. */
    static final Map<String, String> CORPUS_CASES = Map.of(
            "http-version-1-2-in-request-line.http", BAD_HTTP_VERSION,
            "http-version-2-0-in-request-line.http", BAD_HTTP_VERSION,
            "http-version-9-9-in-request-line.http", BAD_HTTP_VERSION,
            "http-version-lowercase.http", BAD_HTTP_VERSION,
            "asterisk-target.http", PLAIN_TEXT_ROUTER_ERROR,
            "bad-percent-encoding-in-path.http", PLAIN_TEXT_ROUTER_ERROR,
            "number-huge-exponent.body", EXPONENT_OVERFLOW,
            "h2c-upgrade-bad-settings.http", H2C_BAD_SETTINGS,
            "h2c-upgrade-without-settings.http", H2C_BAD_SETTINGS,
            "obs-fold-after-host.http", PLAIN_TEXT_BAD_HOST);

    private static final Pattern HUGE_EXPONENT = Pattern.compile("[0-9.][eE][+-]?0*[0-9]{10,}");
    private static final Pattern INVALID_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    /** @return the known bug that explains {@code answer} to a request whose bytes (body, or whole raw request) were {@code sent}, or null */
    static String explain(String requestLine, byte[] sent, Answer answer) {
        if (answer.closedWithoutAnswer()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        String version = parts.length >= 3 ? parts[parts.length - 1] : "";
        String target = parts.length >= 2 ? parts[1] : "";
        if (answer.status() == 431 && answer.contentType() == null && version.equals("HTTP/2")) {
            return HTTP2_HEADERS_TOO_LARGE;
        }
        if (answer.status() == 501 && answer.body().length == 0 && !version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            return BAD_HTTP_VERSION;
        }
        boolean plainVertxAnswer = answer.contentType() == null
                && (answer.bodyText().equals("Bad Request") || answer.bodyText().equals("Not Found"));
        if (plainVertxAnswer && (INVALID_ESCAPE.matcher(target).find() || !target.startsWith("/"))) {
            return PLAIN_TEXT_ROUTER_ERROR;
        }
        String head = new String(sent, StandardCharsets.ISO_8859_1);
        if (plainVertxAnswer && answer.status() == 400
                && (head.contains("\n ") || head.contains("\n\t") || head.indexOf("Host:") != head.lastIndexOf("Host:"))) {
            return PLAIN_TEXT_BAD_HOST;
        }
        if (answer.status() == 500 && answer.bodyText().contains("\"internal_error\"")
                && HUGE_EXPONENT.matcher(head).find()) {
            return EXPONENT_OVERFLOW;
        }
        return null;
    }
}
