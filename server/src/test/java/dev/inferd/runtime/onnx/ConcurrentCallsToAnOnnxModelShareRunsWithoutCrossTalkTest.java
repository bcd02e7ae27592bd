package dev.inferd.runtime.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PrometheusText;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/onnx-runtime.md, dynamic batching: 64 clients call one ONNX model at once for seconds, each
 * with inputs no other call sends, and every answer is the row of that exact input; concurrent calls
 * did share runs of the model, and one item's bad input failed that item alone.
 */
class ConcurrentCallsToAnOnnxModelShareRunsWithoutCrossTalkTest {
    private static final int CLIENTS = 64;
    private static final long RUN_FOR_NANOS = 4_000_000_000L;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTheModel() {
        OnnxBundles.deployed(server, "mixed");
    }

    /** What one client saw: calls made, rows sent, and each answer that was not its own row. */
    private record ClientReport(int calls, int rows, List<String> wrong) {
    }

    /**
     * Client {@code client}'s {@code n}th call: a single call, or every fifth a batch of three whose
     * middle item's int32 input cannot hold 1.5.
     */
    private static ClientReport client(int client) {
        int calls = 0;
        int rows = 0;
        List<String> wrong = new ArrayList<>();
        long end = System.nanoTime() + RUN_FOR_NANOS;
        for (int n = 0; System.nanoTime() < end; n++) {
            String label = "c" + client + "-" + n;
            boolean flag = n % 2 == 0;
            if (n % 5 == 4) {
                HttpAnswer answer = server.call("mixed", "[[1, [" + client + ", " + n + "], " + flag + ", \"" + label + "\"],"
                        + " [2, [1.5, " + n + "], true, \"bad\"], [3, {\"label\": \"" + label + "-b\", \"a\": [" + n + ", " + client
                        + "], \"flag\": " + !flag + "}]]");
                rows += 3;
                JsonNode data = answer.json().path("data");
                String expected = "[[1," + row(client, n, flag, label) + "],[2,null],[3," + row(n, client, !flag, label + "-b") + "]]";
                if (answer.status() != 200 || !data.toString().equals(expected)
                        || !answer.json().path("errors").get(0).get(0).asText().equals("2")) {
                    wrong.add(label + " batch: " + answer);
                }
            } else {
                HttpAnswer answer = server.call("mixed", "[[" + client + ", " + n + "], " + flag + ", \"" + label + "\"]");
                rows += 1;
                if (answer.status() != 200 || !answer.json().path("data").toString().equals(row(client, n, flag, label))) {
                    wrong.add(label + ": " + answer);
                }
            }
            calls++;
        }
        return new ClientReport(calls, rows, wrong);
    }

    private static String row(int first, int second, boolean flag, String label) {
        return "{\"a_twice\":[" + 2 * first + "," + 2 * second + "],\"not_flag\":" + !flag + ",\"label_again\":\"" + label + "\"}";
    }

    @Test
    void sixtyFourClientsEachGetTheRowsOfTheirOwnInputsWhileTheirCallsShareRuns() {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<CompletableFuture<ClientReport>> reports = new ArrayList<>();
        try {
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                reports.add(CompletableFuture.supplyAsync(() -> client(id), clients));
            }
            AtomicLong calls = new AtomicLong();
            AtomicLong rows = new AtomicLong();
            List<String> wrong = new ArrayList<>();
            reports.forEach(report -> {
                calls.addAndGet(report.join().calls());
                rows.addAndGet(report.join().rows());
                wrong.addAll(report.join().wrong());
            });

            assertThat(wrong).as("answers that were not the caller's own rows").isEmpty();
            assertThat(calls.get()).isGreaterThan(CLIENTS * 10L);
            PrometheusText metrics = PrometheusText.scrape(server);
            Map<String, String> mixed = Map.of("deployment", "mixed");
            double runs = metrics.sum("inferd_batching_run_rows_count", mixed);
            assertThat(metrics.sum("inferd_batching_run_rows_sum", mixed)).as("rows through the model").isEqualTo(rows.get());
            assertThat(runs).as("model runs for %d calls", calls.get()).isLessThan(calls.get());
            assertThat(metrics.sum("inferd_batching_wait_seconds_count", mixed)).isEqualTo(calls.get());
        } finally {
            clients.shutdownNow();
        }
    }
}
