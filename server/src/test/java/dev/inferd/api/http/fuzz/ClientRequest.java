package dev.inferd.api.http.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A well-framed request with fuzzed method, path, headers and body, sent with
 * {@code java.net.http} (which cannot break HTTP framing; {@link RawRequest} does that).
 *
 * @param path a URI-legal path and query; {@link Paths#uriSafe} makes any string one
 */
record ClientRequest(String method, String path, List<Map.Entry<String, String>> headers, boolean expectContinue,
                     byte[] body, HttpClient.Version version) {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private static final HttpClient HTTP_2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(TIMEOUT).build();

    /** A POST of {@code body} as JSON, over HTTP/1.1. */
    static ClientRequest post(String path, byte[] body) {
        return new ClientRequest("POST", path, List.of(Map.entry("Content-Type", "application/json")), false, body,
                HttpClient.Version.HTTP_1_1);
    }

    /**
     * Sends the request and returns the answer. A request the client refuses to build (a header it
     * reserves for itself, a value it finds illegal) is sent without that header.
     *
     * @throws AssertionError when no answer arrives within {@link #TIMEOUT}, or the connection fails
     */
    Answer send(String baseUrl) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .expectContinue(expectContinue)
                .method(method, body.length == 0 && !method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> header : headers) {
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException refusedByTheClient) {
                // Restricted or illegal for java.net.http; the raw-socket fuzzer covers such headers.
            }
        }
        HttpClient client = version == HttpClient.Version.HTTP_2 ? HTTP_2 : HTTP_1;
        try {
            // The client's own timeout ends with the response headers; a body that never completes needs this one.
            HttpResponse<byte[]> response = client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .get(TIMEOUT.toSeconds() + 2, TimeUnit.SECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), false);
        } catch (TimeoutException e) {
            throw new AssertionError("HANG: no complete answer within " + (TIMEOUT.toSeconds() + 2) + " s to " + this, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw new AssertionError("HANG: no answer within " + TIMEOUT.toSeconds() + " s to " + this, e.getCause());
            }
            throw new AssertionError("the connection failed without an answer to " + this + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same request as raw HTTP/1.1 bytes, the form in which corpus files keep it. */
    byte[] toRawHttp() {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach(header -> head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n"));
        if (expectContinue) {
            head.append("Expect: 100-continue\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, raw, 0, headBytes.length);
        System.arraycopy(body, 0, raw, headBytes.length, body.length);
        return raw;
    }

    @Override
    public String toString() {
        return method + " " + Printable.of(path) + " " + version + " headers="
                + headers.stream().map(header -> header.getKey() + "=" + Printable.of(header.getValue())).toList()
                + (expectContinue ? " expect-continue" : "") + " body=" + Printable.of(body);
    }
}
