package dev.inferd.metrics;

import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PrometheusText;
import dev.inferd.testing.PythonFunctions;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} in Prometheus text counts what happened: requests by deployment, version and
 * status, their durations and batch sizes, items in flight, timeouts, worker restarts, and the JVM.
 * Labels carry only resolved names, so made-up URLs add no series. Counters are read as the change
 * over a test, since a test's metrics are recorded just after its answer is sent.
 */
class MetricsCountWhatHappenedTest {
    private static final String REQUESTS = "inferd_requests_total";

    @TempDir
    static Path gates;
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("counted", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
        server.deployJavaClass("batched", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
        server.deployJavaClass("gauged", "Gate", "hold", """
                public static String hold(String gate) throws Exception {
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!java.nio.file.Files.exists(java.nio.file.Path.of(gate)) && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    return "released";
                }
                """);
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        HttpAnswer answer = server.get("/metrics");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(answer.body()).contains("# TYPE ");
        PrometheusText.parse(answer.body());
    }

    @Test
    void requestsAreCountedByDeploymentVersionAndStatus() {
        for (int i = 0; i < 3; i++) {
            assertThat(server.call("counted", Integer.toString(i)).status()).isEqualTo(200);
        }
        assertThat(server.post("/v1/counted", "not json").status()).isEqualTo(400);
        double notFoundBefore = PrometheusText.scrape(server).sum(REQUESTS, Map.of("status", "404"));
        assertThat(server.call("counted/99", "1").status()).isEqualTo(404);
        assertThat(server.call("counted/98", "1").status()).isEqualTo(404);

        PrometheusText metrics = awaitMetrics("the 404s to be counted",
                text -> text.sum(REQUESTS, Map.of("status", "404")) >= notFoundBefore + 2
                        && text.sum(REQUESTS, Map.of("deployment", "counted", "status", "400")) >= 1
                        && text.sum(REQUESTS, Map.of("deployment", "counted", "status", "200")) >= 3);

        assertThat(metrics.sum(REQUESTS, Map.of("deployment", "counted", "version", "1", "status", "200"))).isEqualTo(3.0);
        assertThat(metrics.sum(REQUESTS, Map.of("deployment", "counted", "version", "1", "status", "400"))).isEqualTo(1.0);
        assertThat(metrics.sum(REQUESTS, Map.of("status", "404"))).isEqualTo(notFoundBefore + 2);
        assertThat(metrics.find(REQUESTS, Map.of("deployment", "counted")))
                .allSatisfy(sample -> assertThat(sample.labels()).containsKeys("deployment", "version", "status"));
    }

    @Test
    void aClientThatHangsUpMidBodyCountsAs499AndNotAsAServerError() throws Exception {
        double serverErrorsBefore = PrometheusText.scrape(server).sum(REQUESTS, Map.of("deployment", "counted", "status", "500"));
        URI url = URI.create(server.url());
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write(("POST /v1/counted HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n"
                    + "{\"data\": 1").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        PrometheusText metrics = awaitMetrics("the abandoned call to be counted",
                text -> text.sum(REQUESTS, Map.of("deployment", "counted", "status", "499")) >= 1);
        assertThat(metrics.sum(REQUESTS, Map.of("deployment", "counted", "status", "500"))).isEqualTo(serverErrorsBefore);
    }

    @Test
    void unknownDeploymentsVersionsAndAliasesCreateNoLabelValues() {
        double notFoundBefore = PrometheusText.scrape(server).sum(REQUESTS, Map.of("status", "404"));

        assertThat(server.call("made_up_xyz", "1").status()).isEqualTo(404);
        assertThat(server.call("made_up_xyz/3", "1").status()).isEqualTo(404);
        assertThat(server.call("counted/424242", "1").status()).isEqualTo(404);
        assertThat(server.call("counted/made_up_alias", "1").status()).isEqualTo(404);
        assertThat(server.send("GET", "/v1/made_up_xyz", null).status()).isIn(404, 405);

        PrometheusText metrics = awaitMetrics("the refused calls to be counted",
                text -> text.sum(REQUESTS, Map.of("status", "404")) >= notFoundBefore + 4);
        assertThat(metrics.text()).doesNotContain("made_up_xyz").doesNotContain("made_up_alias").doesNotContain("424242");
    }

    @Test
    void requestDurationsAreAHistogram() {
        double countBefore = PrometheusText.scrape(server).sum("inferd_request_duration_seconds_count");

        assertThat(server.call("counted", "5").status()).isEqualTo(200);

        PrometheusText metrics = awaitMetrics("the call's duration to be recorded",
                text -> text.sum("inferd_request_duration_seconds_count") >= countBefore + 1);
        assertThat(metrics.find("inferd_request_duration_seconds_bucket", Map.of())).isNotEmpty()
                .allSatisfy(bucket -> assertThat(bucket.labels()).containsKey("le"));
        assertThat(metrics.find("inferd_request_duration_seconds_bucket", Map.of("le", "+Inf")))
                .singleElement().satisfies(all -> assertThat(all.value())
                        .isEqualTo(metrics.sum("inferd_request_duration_seconds_count")));
        assertThat(metrics.sum("inferd_request_duration_seconds_sum")).isPositive();
    }

    @Test
    void batchSizesAreAHistogramOfItems() {
        PrometheusText before = PrometheusText.scrape(server);
        double countBefore = before.sum("inferd_batch_items_count");
        double sumBefore = before.sum("inferd_batch_items_sum");

        assertThat(server.call("batched", "[[1, 1], [2, 2], [3, 3]]").status()).isEqualTo(200);
        assertThat(server.call("batched", "7").status()).isEqualTo(200);

        PrometheusText metrics = awaitMetrics("both calls' sizes to be recorded",
                text -> text.sum("inferd_batch_items_count") >= countBefore + 2);
        assertThat(metrics.sum("inferd_batch_items_count")).isEqualTo(countBefore + 2);
        assertThat(metrics.sum("inferd_batch_items_sum")).isEqualTo(sumBefore + 4);
        assertThat(metrics.find("inferd_batch_items_bucket", Map.of())).isNotEmpty();
    }

    @Test
    void itemsInFlightArePublishedPerVersionAndGoBackToZero() throws Exception {
        Path gate = gates.resolve("in-flight");
        CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(server.url() + "/v1/gauged"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"data\": [[1, \"" + gate + "\"], [2, \"" + gate + "\"], [3, \"" + gate + "\"]]}"))
                        .build(), HttpResponse.BodyHandlers.ofString());

        Map<String, String> gauged = Map.of("deployment", "gauged", "version", "1");
        awaitMetrics("3 items in flight", text -> text.sum("inferd_inflight_items", gauged) == 3);
        Files.createFile(gate);

        assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        awaitMetrics("no items in flight", text -> text.find("inferd_inflight_items", gauged).size() == 1
                && text.sum("inferd_inflight_items", gauged) == 0);
    }

    @Test
    void aCallPastItsTimeoutIsCountedAsATimeout() {
        double timeoutsBefore = PrometheusText.scrape(server).sum("inferd_timeouts_total");

        HttpAnswer answer = server.post("/v1/gauged", "{\"data\": \"" + gates.resolve("never-opened") + "\", \"timeout_seconds\": 1}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
        assertThat(answer.errorCode()).isEqualTo("timeout");
        PrometheusText metrics = awaitMetrics("the timeout to be counted",
                text -> text.sum("inferd_timeouts_total") >= timeoutsBefore + 1);
        assertThat(metrics.sum("inferd_timeouts_total")).isEqualTo(timeoutsBefore + 1);
        assertThat(metrics.sum(REQUESTS, Map.of("deployment", "gauged", "status", "504"))).isEqualTo(1.0);
    }

    @Test
    void aPythonWorkerThatDiesIsCountedAsARestartOfItsVersion() {
        PythonFunctions.assumePython();
        PythonFunctions.deploy(server, "crashy", "f", """
                import os

                def f(x):
                    if x == "exit":
                        os._exit(3)
                    return x
                """, Map.of("workers", 1));
        Map<String, String> crashy = Map.of("deployment", "crashy", "version", "1");
        assertThat(PrometheusText.scrape(server).sum("inferd_worker_restarts_total", crashy)).isZero();

        HttpAnswer crashed = server.call("crashy", "\"exit\"");

        assertThat(crashed.status()).as(crashed.toString()).isEqualTo(502);
        awaitMetrics("one restart of crashy/1", text -> text.sum("inferd_worker_restarts_total", crashy) == 1);
        assertThat(server.call("crashy", "\"fine\"").body()).isEqualTo("{\"data\":\"fine\"}");
        assertThat(PrometheusText.scrape(server).sum("inferd_worker_restarts_total", crashy)).isEqualTo(1.0);
    }

    @Test
    void jvmMetricsArePublished() {
        PrometheusText metrics = PrometheusText.scrape(server);

        assertThat(metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(metrics.has("jvm_threads_live_threads")).isTrue();
        assertThat(metrics.has("jvm_gc_memory_allocated_bytes_total") || metrics.has("jvm_gc_pause_seconds_count")).isTrue();
        assertThat(metrics.has("process_uptime_seconds")).isTrue();
    }

    private static PrometheusText awaitMetrics(String what, Predicate<PrometheusText> accepted) {
        return Eventually.poll(what, Duration.ofSeconds(20), () -> PrometheusText.scrape(server), accepted);
    }
}
