package dev.inferd.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.HttpEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests with the headers that authentication reads ({@code Authorization}, proxy headers), to a
 * server at a URL of the test's choosing (its loopback or another of its addresses).
 */
public final class KeyedRequests extends HttpEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpEndpoint.newClient();

    private final Supplier<String> url;

    public KeyedRequests(String url) {
        this(() -> url);
    }

    /** Requests to {@code server}, wherever it listens once it has started. */
    public KeyedRequests(HttpEndpoint server) {
        this(server::url);
    }

    private KeyedRequests(Supplier<String> url) {
        super(HTTP);
        this.url = url;
    }

    @Override
    public String url() {
        return url.get();
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

    /** The Java main function every test deployment uses: it answers its argument. */
    public static String echoClass() {
        return "public static long echo(long x) { return x; }";
    }

    public static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");
}
