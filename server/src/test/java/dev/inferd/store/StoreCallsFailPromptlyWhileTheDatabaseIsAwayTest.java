package dev.inferd.store;

import dev.inferd.config.DatabaseUrl;
import dev.inferd.error.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server started while its PostgreSQL is away goes on trying to reach it from several threads at
 * once (the job loop, the followers, requests such as readiness probes). Each call is told the
 * database is unavailable within about two of the pool's 3 s waits, rather than queueing behind
 * every other caller's wait in turn.
 */
class StoreCallsFailPromptlyWhileTheDatabaseIsAwayTest {
    private static final int CALLERS = 4;

    @Test
    void concurrentCallsEachFailWithinTwoConnectionWaits() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Nothing listens there any more: every connection is refused at once.
        PostgresDatabase database = PostgresDatabase.open(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:" + port + "/away"));
        try {
            List<CompletableFuture<Duration>> calls = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    long started = System.nanoTime();
                    assertThatThrownBy(database::ping).isInstanceOf(StoreUnavailableException.class);
                    return Duration.ofNanos(System.nanoTime() - started);
                }, task -> new Thread(task, "store-caller").start()));
            }

            for (CompletableFuture<Duration> call : calls) {
                // One wait for the lock and one for a connection is 6 s; queueing behind the other three would be 12.
                assertThat(call.join()).isLessThan(Duration.ofSeconds(9));
            }
        } finally {
            database.close();
        }
    }
}
