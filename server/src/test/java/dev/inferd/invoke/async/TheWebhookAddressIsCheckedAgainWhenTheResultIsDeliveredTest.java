package dev.inferd.invoke.async;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook's host is checked when the call is accepted and again for every delivery, so a name
 * that resolved to a public address then and to a private one now (DNS rebinding) gets nothing.
 * The job here stands for one accepted earlier: its URL names {@code localhost}, which the
 * accepting check would have refused, exactly as if its DNS answer had changed since.
 *
 * <p>The receiver counts TCP connections rather than requests: the sender speaks TLS to an https
 * URL, and no test receiver has a certificate the sender trusts, so a receiver of HTTP requests
 * would see nothing even if the sender did connect. What must not happen is the connection.
 */
class TheWebhookAddressIsCheckedAgainWhenTheResultIsDeliveredTest {
    private Vertx vertx;
    private WebhookSender sender;
    private ConnectionCounter receiver;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        // Private addresses forbidden, as on a server without --allow-private-webhooks. The short
        // receiver timeout keeps a broken check from making the test wait out the real 10 s.
        sender = new WebhookSender(vertx, new WebhookPolicy(false), Duration.ofSeconds(2));
        receiver = new ConnectionCounter();
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        receiver.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWebhookHostThatNowResolvesToLoopbackGetsNothingAndIsNotRetried() throws Exception {
        URI webhook = URI.create("https://localhost:" + receiver.port() + "/rebound");
        AsyncJob job = AsyncJob.accepted("0e5c2b58cb44e23c3daac4bbc47ab31b", "rebound_doubler", 1,
                "{\"data\": 21}".getBytes(StandardCharsets.UTF_8), webhook, false, Optional.empty(), Instant.now());

        WebhookSender.Attempt attempt = sender.deliver(job, "{\"data\":42}".getBytes(StandardCharsets.UTF_8))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(attempt.accepted()).as("%s", attempt).isFalse();
        // A refused address stays refused, so retrying would only knock on the same door again.
        assertThat(attempt.worthRetrying()).as("%s", attempt).isFalse();
        assertThat(attempt.error()).contains("localhost").contains("not a public address");
        // The attempt is over, and nothing else would connect, so a count of zero now stays zero.
        assertThat(receiver.connections()).as("connections the receiver accepted").isZero();
    }

    /** A listener on 127.0.0.1 that accepts every connection, counts it and closes it. */
    private static final class ConnectionCounter implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        ConnectionCounter() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(this::acceptUntilClosed, "connection-counter");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void acceptUntilClosed() {
            while (!socket.isClosed()) {
                try (Socket accepted = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    // close() ends the wait for the next connection.
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
