package dev.inferd.runtime.python;

import dev.inferd.config.PythonSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PrometheusText;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/python-runtime.md, dynamic batching: single calls that come while a {@code batch: rows}
 * function's one worker is busy go together into its next call, and each caller still gets its own
 * value, its own error and its own timeout; a caller that hangs up leaves the queue.
 *
 * <p>The function answers each row with the row and how many rows its call had, so the answers show
 * how calls were merged. A call of "hold" keeps the worker busy while the others line up.
 */
class ConcurrentCallsToABatchFunctionShareOneCallTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.set(PythonSettings::workers, 1));

    private static final String SOURCE = """
            import time

            def merged(rows):
                names = [row[0] for row in rows]
                if "hold" in names:
                    time.sleep(1.0)
                if "slow" in names:
                    time.sleep(4.0)
                if "bad" in names:
                    raise ValueError("bad is not a name")
                return [[name, len(rows)] for name in names]
            """;

    @BeforeAll
    static void deploy() {
        PythonAvailability.assumePython();
        for (String name : List.of("merged", "merged_timeouts", "merged_hangups", "merged_off", "merged_by_one")) {
            Map<String, Object> manifest = switch (name) {
                case "merged_off" -> Map.of("batch", "rows", "batching", false);
                case "merged_by_one" -> Map.of("batch", "rows", "batch_size", 1);
                default -> Map.of("batch", "rows");
            };
            HttpAnswer answer = PythonBundles.deploy(server, name, "merged", SOURCE, manifest);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        }
    }

    private static CompletableFuture<HttpAnswer> callLater(String deployment, String body) {
        return CompletableFuture.supplyAsync(() -> server.post("/v1/" + deployment, body));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void singleCallsThatWaitForTheWorkerGoTogetherIntoItsNextCallAndEachGetsItsOwnRow() {
        CompletableFuture<HttpAnswer> hold = callLater("merged", "{\"data\": \"hold\"}");
        pause(300);
        List<CompletableFuture<HttpAnswer>> waiting = IntStream.range(0, 5)
                .mapToObj(i -> callLater("merged", "{\"data\": \"n" + i + "\"}")).toList();

        assertThat(hold.join().body()).isEqualTo("{\"data\":[\"hold\",1]}");
        for (int i = 0; i < 5; i++) {
            assertThat(waiting.get(i).join().body()).isEqualTo("{\"data\":[\"n" + i + "\",5]}");
        }
    }

    @Test
    void aRowThatRaisesFailsItsOwnCallAndNotTheCallsItWasMergedWith() {
        CompletableFuture<HttpAnswer> hold = callLater("merged", "{\"data\": \"hold\"}");
        pause(300);
        CompletableFuture<HttpAnswer> bad = callLater("merged", "{\"data\": \"bad\"}");
        CompletableFuture<HttpAnswer> good = callLater("merged", "{\"data\": \"good\"}");

        hold.join();
        assertThat(bad.join().status()).isEqualTo(500);
        assertThat(bad.join().errorMessage()).endsWith("ValueError: bad is not a name");
        assertThat(good.join().status()).isEqualTo(200);
        assertThat(good.join().json().get("data").get(0).asText()).isEqualTo("good");
    }

    @Test
    void aCallerThatTimesOutIsAnsweredOnTimeWhileItsBatchMateGetsItsValue() {
        CompletableFuture<HttpAnswer> hold = callLater("merged_timeouts", "{\"data\": \"hold\"}");
        pause(300);
        long started = System.nanoTime();
        CompletableFuture<HttpAnswer> slow = callLater("merged_timeouts", "{\"data\": \"slow\", \"timeout_seconds\": 2}");
        CompletableFuture<HttpAnswer> patient = callLater("merged_timeouts", "{\"data\": \"patient\", \"timeout_seconds\": 30}");

        assertThat(slow.join().status()).isEqualTo(504);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_500);
        assertThat(patient.join().body()).isEqualTo("{\"data\":[\"patient\",2]}");
        hold.join();
    }

    /** Sends {@code body} to {@code deployment} on a connection of its own, and closes it after {@code millis}. */
    private static void hangUpAfter(String deployment, String body, long millis) throws IOException {
        try (Socket hangsUp = new Socket("127.0.0.1", server.port())) {
            OutputStream out = hangsUp.getOutputStream();
            out.write(("POST /v1/" + deployment + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            pause(millis);
        }
    }

    private static double workerRestarts(String deployment) {
        return PrometheusText.scrape(server).sum("inferd_worker_restarts_total", Map.of("deployment", deployment));
    }

    @Test
    void aCallerThatHangsUpWhileItWaitsLeavesTheQueue() throws IOException {
        CompletableFuture<HttpAnswer> hold = callLater("merged_hangups", "{\"data\": \"hold\"}");
        pause(300);
        hangUpAfter("merged_hangups", "{\"data\": \"gone\"}", 200);
        pause(100);
        CompletableFuture<HttpAnswer> stays = callLater("merged_hangups", "{\"data\": \"stays\"}");

        hold.join();
        assertThat(stays.join().body()).isEqualTo("{\"data\":[\"stays\",1]}");
    }

    @Test
    void aCallerThatHangsUpWhileItsRowsRunLetsThemEndInsteadOfKillingTheWorker() throws IOException {
        hangUpAfter("merged_hangups", "{\"data\": \"hold\"}", 300);

        assertThat(server.call("merged_hangups", "\"after\"").body()).isEqualTo("{\"data\":[\"after\",1]}");
        assertThat(workerRestarts("merged_hangups")).isZero();
    }

    @Test
    void aRunWhoseCallerHungUpIsStillStoppedByItsTimeout() throws IOException {
        long started = System.nanoTime();
        hangUpAfter("merged_timeouts", "{\"data\": \"slow\", \"timeout_seconds\": 1}", 200);

        HttpAnswer next = server.post("/v1/merged_timeouts", "{\"data\": \"next\", \"timeout_seconds\": 20}");

        assertThat(next.body()).isEqualTo("{\"data\":[\"next\",1]}");
        // The slow row sleeps 4 s: answered well before that, the run was stopped at its 1 s timeout.
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_800);
    }

    @Test
    void batchingSettingsForAFunctionCalledOncePerItemFailTheDeploy() {
        HttpAnswer answer = PythonBundles.deploy(server, "per_item_batching", "merged", SOURCE,
                Map.of("batching", Map.of("max_batch_size", 8)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("batching: merges calls into one run of a model that takes many rows at once;"
                + " this main function is called once per item (declare batch: rows or batch: dataframe)");
    }

    @Test
    void aBatchWhoseCallerHungUpStillHasItsRunningChunkStoppedByItsTimeout() throws IOException {
        long started = System.nanoTime();
        // Two chunks of one row: the slow one runs, the other waits for the one worker and is withdrawn.
        hangUpAfter("merged_by_one", "{\"data\": [[1, \"slow\"], [2, \"waits\"]], \"timeout_seconds\": 1}", 200);

        HttpAnswer next = server.post("/v1/merged_by_one", "{\"data\": \"next\", \"timeout_seconds\": 20}");

        assertThat(next.body()).isEqualTo("{\"data\":[\"next\",1]}");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_800);
    }

    @Test
    void batchingFalseGivesEachCallACallOfItsOwn() {
        CompletableFuture<HttpAnswer> hold = callLater("merged_off", "{\"data\": \"hold\"}");
        pause(300);
        List<CompletableFuture<HttpAnswer>> waiting = IntStream.range(0, 3)
                .mapToObj(i -> callLater("merged_off", "{\"data\": \"n" + i + "\"}")).toList();

        hold.join();
        for (int i = 0; i < 3; i++) {
            assertThat(waiting.get(i).join().body()).isEqualTo("{\"data\":[\"n" + i + "\",1]}");
        }
    }
}
