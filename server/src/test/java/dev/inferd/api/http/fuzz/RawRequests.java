package dev.inferd.api.http.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Raw HTTP/1 requests that break framing: odd request lines and versions, lying or malformed
 * Content-Length, chunked bodies with bad sizes, header floods and very long header lines, bare
 * LF line ends, bytes no HTTP client would send.
 */
final class RawRequests {
    private RawRequests() {
    }

    private record Parts(String method, String separator, String target, String version, String lineEnd,
                         List<String> headers, String framing, byte[] body) {
    }

    static Generator<RawRequest> any() {
        Generator<String> methods = Generator.frequencyOf(
                Generator.weight(6, Generator.of("POST", "GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")),
                Generator.weight(1, Generator.of("post", "TRACE", "CONNECT", "PRI", "BREW", "", "G ET", "GET\u0000",
                        "X".repeat(10_000), "P\u00d6ST")));
        Generator<String> separators = Generator.frequencyOf(Generator.weight(8, Generator.just(" ")),
                Generator.weight(1, Generator.of("  ", "\t", "", " \u000b ")));
        Generator<String> targets = Generator.frequencyOf(
                Generator.weight(8, Paths.any()),
                Generator.weight(1, Generator.of("*", "", "http://localhost/v1/echo", "http://evil.example/v1/echo/latest",
                        "v1/echo", "//v1/echo", "/v1/echo/latest HTTP/1.1", "/v1/ec ho", "/" + "z".repeat(100_000))));
        Generator<String> versions = Generator.frequencyOf(
                Generator.weight(8, Generator.just("HTTP/1.1")),
                Generator.weight(1, Generator.of("HTTP/1.0", "HTTP/2.0", "HTTP/0.9", "HTTP/9.9", "http/1.1", "HTTP/1.1 x", "",
                        "HTTP/1.10", "HTTP/01.1", "HTTP/1")));
        Generator<String> lineEnds = Generator.frequencyOf(Generator.weight(9, Generator.just("\r\n")),
                Generator.weight(1, Generator.of("\n", "\r")));
        Generator<String> header = Generator.frequencyOf(
                Generator.weight(5, Generator.of("Content-Type: application/json", "Content-Type: application/zip",
                        "Content-Type: text/plain; charset=utf-16", "Expect: 100-continue", "Expect: 200-ok",
                        "Connection: close", "Connection: keep-alive, Upgrade", "Upgrade: websocket",
                        "Content-Encoding: gzip", "Accept-Encoding: gzip", "Authorization: Bearer nope",
                        "X-Forwarded-For: 10.0.0.1", "Host: a", "Host: a\r\nHost: b", "Transfer-Encoding: identity",
                        "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, identity")),
                Generator.weight(1, Generator.of("NoColon", ": empty-name", "Bad Name: 1", "X: a\u0000b", " folded: 1",
                        "X-Long: " + "v".repeat(9_000), "X-Longer: " + "v".repeat(100_000), "X-Latin: \u00e9\u00ff",
                        "X-Utf8: " + new String("名前".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                        "Content-Length: 5", "X-Flood: " + "1\r\nX-Flood: ".repeat(2_000) + "1")));
        // "Upgrade: h2c" with good and bad HTTP2-Settings is in the corpus; the server ignores the upgrade.
        Generator<String> framing = Generator.of("exact", "exact", "exact", "longer", "shorter", "none", "negative",
                "garbage", "huge", "hundred-megabytes", "duplicate", "plus", "spaces", "hex", "chunked", "chunked",
                "chunked-negative", "chunked-huge", "chunked-garbage", "chunked-unterminated", "chunked-extension",
                "chunked-and-length", "chunked-no-crlf", "chunked-trailer");
        Generator<List<String>> headers = header.list(0, 4);
        Generator<byte[]> bodies = Bodies.any();
        Generator<Parts> parts = random -> new Parts(methods.next(random), separators.next(random), targets.next(random),
                versions.next(random), lineEnds.next(random), headers.next(random), framing.next(random), bodies.next(random));
        return parts.map(RawRequests::assemble)
                .filter(request -> !FuzzServer.isProtected(request.method(), targetOf(request)));
    }

    private static RawRequest assemble(Parts parts) {
        String end = parts.lineEnd;
        StringBuilder head = new StringBuilder();
        head.append(parts.method).append(parts.separator).append(parts.target);
        if (!parts.version.isEmpty()) {
            head.append(parts.separator).append(parts.version);
        }
        head.append(end).append("Host: localhost").append(end);
        parts.headers.forEach(header -> head.append(header.replace("\r\n", end)).append(end));
        byte[] body = parts.body;
        byte[] framedBody = body;
        switch (parts.framing) {
            case "exact" -> head.append("Content-Length: ").append(body.length).append(end);
            case "longer" -> head.append("Content-Length: ").append(body.length + 10).append(end);
            case "shorter" -> head.append("Content-Length: ").append(Math.max(0, body.length - 3)).append(end);
            case "none" -> { }
            case "negative" -> head.append("Content-Length: -").append(body.length).append(end);
            case "garbage" -> head.append("Content-Length: ten").append(end);
            case "huge" -> head.append("Content-Length: 99999999999999999999999").append(end);
            case "hundred-megabytes" -> {
                head.append("Content-Length: 104857600").append(end);
                framedBody = new byte[0];
            }
            case "duplicate" -> head.append("Content-Length: ").append(body.length).append(end)
                    .append("Content-Length: ").append(body.length + 1).append(end);
            case "plus" -> head.append("Content-Length: +").append(body.length).append(end);
            case "spaces" -> head.append("Content-Length:   ").append(body.length).append("   ").append(end);
            case "hex" -> head.append("Content-Length: 0x").append(Integer.toHexString(body.length)).append(end);
            default -> {
                head.append("Transfer-Encoding: chunked").append(end);
                if (parts.framing.equals("chunked-and-length")) {
                    head.append("Content-Length: ").append(body.length).append(end);
                }
                framedBody = chunked(body, parts.framing, end);
            }
        }
        head.append(end);
        return new RawRequest(Bodies.concat(head.toString().getBytes(StandardCharsets.UTF_8), framedBody));
    }

    private static byte[] chunked(byte[] body, String framing, String end) {
        String size = switch (framing) {
            case "chunked-negative" -> "-" + Integer.toHexString(body.length);
            case "chunked-huge" -> "FFFFFFFFFFFFFFFFFF";
            case "chunked-garbage" -> "zz";
            case "chunked-extension" -> Integer.toHexString(body.length) + ";name=\"va;lue\"";
            default -> Integer.toHexString(body.length);
        };
        String separator = framing.equals("chunked-no-crlf") ? "" : end;
        String last = switch (framing) {
            case "chunked-unterminated" -> "";
            case "chunked-trailer" -> "0" + end + "X-Trailer: 1" + end + end;
            default -> "0" + end + end;
        };
        return Bodies.concat((size + end).getBytes(StandardCharsets.ISO_8859_1), body,
                (separator + last).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String targetOf(RawRequest request) {
        String text = new String(request.bytes(), 0, Math.min(request.bytes().length, 200_000), StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf('\n');
        return lineEnd < 0 ? text : text.substring(0, lineEnd);
    }
}
