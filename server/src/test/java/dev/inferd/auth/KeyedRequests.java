package dev.inferd.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.testing.HttpAnswer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with the headers that authentication reads ({@code Authorization}, proxy headers),
 * which {@link dev.inferd.testing.TestServer} does not send.
 */
public final class KeyedRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;

    public KeyedRequests(String url) {
        this.url = url;
    }

    /**
     * Sends a request; {@code headers} are name, value pairs, sent as given (a name twice is sent twice,
     * {@code Host} too). A body goes as JSON unless {@code headers} name its Content-Type.
     */
    public HttpAnswer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpAnswer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls {@code /v1/<deployment>} with {@code {"data": 7}} and the given Authorization header value, or none when null. */
    public HttpAnswer call(String deployment, String authorization) {
        return send("POST", "/v1/" + deployment, "{\"data\": 7}", authorizationHeader(authorization));
    }

    /** Sends a management request with the given Authorization header value, or none when null. */
    public HttpAnswer manage(String method, String path, String body, String authorization) {
        return send(method, path, body, authorizationHeader(authorization));
    }

    /** Creates a key over HTTP and returns its secret; {@code deployments} is a JSON list or null for every deployment. */
    public String createKey(String name, String deployments, boolean admin, String authorization) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        if (deployments != null) {
            try {
                body.set("deployments", JSON.readTree(deployments));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        body.put("admin", admin);
        HttpAnswer created = manage("POST", "/api/keys", body.toString(), authorization);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private static String[] authorizationHeader(String authorization) {
        return authorization == null ? new String[0] : new String[] {"Authorization", authorization};
    }

    /**
     * Repeats {@code request} until its answer satisfies {@code done}, for at most {@code deadline};
     * returns the last answer, so a timeout shows what the server kept saying.
     */
    public static HttpAnswer pollUntil(Duration deadline, Supplier<HttpAnswer> request, Predicate<HttpAnswer> done)
            throws InterruptedException {
        Instant end = Instant.now().plus(deadline);
        HttpAnswer answer = request.get();
        while (!done.test(answer) && Instant.now().isBefore(end)) {
            Thread.sleep(50);
            answer = request.get();
        }
        return answer;
    }

    /** The Java main function every test deployment uses: it answers its argument. */
    public static String echoClass() {
        return "public static long echo(long x) { return x; }";
    }

    public static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");
}
