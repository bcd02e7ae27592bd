package dev.inferd.api.http;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch for a stalled body holds the body until its timer fires; its timer is called off once the
 * body has arrived. Before, every body stayed reachable for a whole idle period after its call: a
 * server answering 1,000-row batches at 100 a second held gigabytes of them and ran out of heap.
 */
class ARequestBodyIsLetGoOnceItHasArrivedTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBodyThatHasArrivedIsNotKeptByItsStallWatch() throws Exception {
        WeakReference<byte[]> released = watchAndFinish(new byte[8 << 20]);

        for (int i = 0; i < 50 && released.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(released.get()).as("the body, an hour-long idle timer after it arrived").isNull();
    }

    /** Starts a watch of an hour over {@code body} on an event loop, completes the body, and keeps only a weak reference. */
    private WeakReference<byte[]> watchAndFinish(byte[] body) throws Exception {
        Promise<Void> arrived = Promise.promise();
        CompletableFuture<Void> started = new CompletableFuture<>();
        vertx.runOnContext(onLoop -> {
            BodyStallWatch.start(TimeUnit.HOURS.toMillis(1), () -> body.length, arrived.future(), () -> { });
            arrived.complete();
            started.complete(null);
        });
        started.get(10, TimeUnit.SECONDS);
        // Let the event loop run what completing the body scheduled.
        CompletableFuture<Void> drained = new CompletableFuture<>();
        vertx.runOnContext(onLoop -> drained.complete(null));
        drained.get(10, TimeUnit.SECONDS);
        return new WeakReference<>(body);
    }
}
