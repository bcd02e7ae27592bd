package dev.inferd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A server the tests send HTTP requests to, at {@link #url()}: each request is sent with
 * {@code java.net.http.HttpClient} and its answer read whole into an {@link HttpAnswer}.
 * {@link TestServer}, {@link ChildServer} and the tests' own request helpers all send through here.
 */
public abstract class HttpEndpoint {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final Supplier<HttpClient> clients;

    /** An endpoint with a client of its own, whose connections are kept between requests. */
    protected HttpEndpoint() {
        this(newClient());
    }

    /** An endpoint that sends through {@code client}, shared with whoever else holds it. */
    protected HttpEndpoint(HttpClient client) {
        this(() -> client);
    }

    private HttpEndpoint(Supplier<HttpClient> clients) {
        this.clients = clients;
    }

    /** A client as the endpoints use: it lets the JDK choose the HTTP version and gives up connecting after 10 s. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The base URL, such as {@code http://127.0.0.1:41234}, that request paths are appended to. */
    public abstract String url();

    /** An endpoint at {@code url} with a client of its own. */
    public static HttpEndpoint at(String url) {
        return new HttpEndpoint() {
            @Override
            public String url() {
                return url;
            }
        };
    }

    /**
     * This endpoint with every request on an HTTP/1.1 connection of its own: for answers after which
     * the server closes the connection (a 413 does), and where the JDK client must not try the h2c upgrade.
     */
    public HttpEndpoint onFreshConnections() {
        HttpEndpoint self = this;
        return new HttpEndpoint(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build()) {
            @Override
            public String url() {
                return self.url();
            }
        };
    }

    public HttpAnswer get(String path) {
        return send("GET", path, null);
    }

    /** GETs a body that is not text, such as a bundle's zip. */
    public HttpResponse<byte[]> getBytes(String path) {
        return exchange(request("GET", path, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpAnswer post(String path, String json) {
        return send("POST", path, json);
    }

    public HttpAnswer post(String path, String contentType, byte[] body) {
        return sendBody("POST", path, HttpRequest.BodyPublishers.ofByteArray(body), "Content-Type", contentType);
    }

    public HttpAnswer put(String path, String json) {
        return send("PUT", path, json);
    }

    public HttpAnswer delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Sends a request; {@code headers} are name, value pairs, sent as given (a name twice is sent twice).
     * A body, when not null, goes as JSON unless {@code headers} name its Content-Type.
     */
    public HttpAnswer send(String method, String path, String body, String... headers) {
        return sendBody(method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** As {@link #send(String, String, String, String...)}, for a body that is not a string, such as a stream sent chunked. */
    public HttpAnswer sendBody(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = request(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpAnswer(response.statusCode(), response.headers(), response.body());
    }

    private HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(url() + path)).timeout(ANSWER_TIMEOUT).method(method, body);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return clients.get().send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
