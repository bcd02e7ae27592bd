package dev.inferd.invoke.async;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 (JDK HttpServer): it records every request it gets before
 * answering, and answers as scripted: the next scripted reply if there is one, else the default.
 * Public for the replica tests, whose jobs are delivered by several servers to one receiver.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** How to answer one request: after {@code delay}, with {@code status} and extra headers. */
    public record Reply(int status, Duration delay, Map<String, String> headers) {
        public static Reply status(int status) {
            return new Reply(status, Duration.ZERO, Map.of());
        }

        public static Reply after(Duration delay, int status) {
            return new Reply(status, delay, Map.of());
        }

        public static Reply redirectTo(String location) {
            return new Reply(302, Duration.ZERO, Map.of("Location", location));
        }
    }

    /** One request as received; header names in lower case, the query raw. */
    public record Delivery(String method, String path, String query, Map<String, String> headers, String body, Instant at) {
        public String batchId() {
            return headers.get("x-batch-id");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "webhook-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Delivery> received = new ArrayList<>();
    private volatile Reply byDefault = Reply.status(200);

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        return start(0);
    }

    public static WebhookReceiver start(int port) {
        try {
            return new WebhookReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/hook}; a distinct path per test keeps tests on a shared receiver apart. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next requests are answered with these replies, in order; later ones with the default. */
    public WebhookReceiver thenAnswer(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public WebhookReceiver answerByDefault(Reply reply) {
        byDefault = reply;
        return this;
    }

    public List<Delivery> deliveries() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Delivery> deliveriesOf(String batchId) {
        return deliveries().stream().filter(delivery -> batchId.equals(delivery.batchId())).toList();
    }

    public List<Delivery> deliveriesTo(String path) {
        return deliveries().stream().filter(delivery -> delivery.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            synchronized (received) {
                received.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), headers, body,
                        Instant.now()));
            }
            Reply reply = script.pollFirst();
            if (reply == null) {
                reply = byDefault;
            }
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException closedBySender) {
            // The sender gave up waiting (a timeout test); nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
