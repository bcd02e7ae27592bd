package dev.inferd.invoke;

import dev.inferd.config.LimitSettings;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.PrometheusText;
import dev.inferd.testing.PythonFunctions;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backpressure keeps deployments apart: while 40 concurrent calls flood a deployment whose function
 * takes 300 ms, calls to another deployment answer in their normal time. A Java version may use only
 * half the invocation threads; Python versions have their own worker processes. A quick call that
 * waited behind the flood would take at least one 300 ms call, so the bound below is under that.
 */
class AFloodOnOneDeploymentLeavesOthersFastTest {
    private static final int FLOOD = 40;
    private static final long QUICK_BOUND_MILLIS = 250;

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(LimitSettings::maxInflightItems, OptionalLong.of(16)));
    static final HttpClient flooder = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() {
        server.deployJavaClass("slow_java", "Slow", "nap", """
                public static int nap(int x) throws Exception {
                    Thread.sleep(300);
                    return x;
                }
                """);
        server.deployJavaClass("quick_java", "Quick", "echo", "public static int echo(int x) { return x; }");
        server.deployJavaClass("slow_versions", "Slow", "nap", """
                public static int nap(int x) throws Exception {
                    Thread.sleep(300);
                    return x;
                }
                """);
        server.deployJavaClass("slow_versions", "Slow", "nap", """
                public static int nap(int x) throws Exception {
                    Thread.sleep(301);
                    return x;
                }
                """);
    }

    @Test
    void callsToAQuickJavaDeploymentKeepTheirLatencyWhileASlowOneIsFlooded() throws Exception {
        assertQuickDuringFlood("slow_java", "quick_java");
    }

    @Test
    void callsToAQuickJavaDeploymentKeepTheirLatencyWhileTwoVersionsOfASlowOneAreFlooded() throws Exception {
        assertQuickDuringFlood(List.of("slow_versions/1", "slow_versions/2"), "quick_java");
    }

    @Test
    void callsToAQuickPythonDeploymentKeepTheirLatencyWhileASlowOneIsFlooded() throws Exception {
        PythonFunctions.assumePython();
        PythonFunctions.deploy(server, "slow_python", "nap", """
                import time

                def nap(x):
                    time.sleep(0.3)
                    return x
                """, Map.of("workers", 1));
        PythonFunctions.deploy(server, "quick_python", "echo", """
                def echo(x):
                    return x
                """, Map.of("workers", 1));

        assertQuickDuringFlood("slow_python", "quick_python");
    }

    private static void assertQuickDuringFlood(String slow, String quick) throws Exception {
        assertQuickDuringFlood(List.of(slow), quick);
    }

    /** Floods the {@code slow} targets (deployment[/version]) with 40 calls in all, and times calls to {@code quick}. */
    private static void assertQuickDuringFlood(List<String> slow, String quick) throws Exception {
        long baseline = 0;
        for (int i = 0; i < 10; i++) {
            baseline = Math.max(baseline, timedCall(quick, i));
        }
        assertThat(baseline).as("%s answers within %d ms when nothing else runs", quick, QUICK_BOUND_MILLIS)
                .isLessThan(QUICK_BOUND_MILLIS);

        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(flooder.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/v1/" + slow.get(i % slow.size())))
                    .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\": " + i + "}")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        String slowDeployment = slow.get(0).split("/")[0];
        Eventually.holds(slow + " to have calls in flight", Duration.ofSeconds(30), () -> PrometheusText.scrape(server)
                .sum("inferd_inflight_items", Map.of("deployment", slowDeployment)) >= 2 * slow.size());

        List<Long> duringFlood = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            duringFlood.add(timedCall(quick, 100 + i));
        }
        long stillRunning = flood.stream().filter(call -> !call.isDone()).count();

        assertThat(stillRunning).as("the quick calls were made while the flood ran").isPositive();
        assertThat(duringFlood).as("%s latencies (ms) during the flood; baseline max %d ms", quick, baseline)
                .allSatisfy(millis -> assertThat(millis).isLessThan(QUICK_BOUND_MILLIS));
        int served = 0;
        for (CompletableFuture<HttpResponse<String>> call : flood) {
            HttpResponse<String> answer = call.get(120, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 429);
            if (answer.statusCode() == 429) {
                assertThat(answer.body()).contains("\"code\":\"overloaded\"");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            } else {
                served++;
            }
        }
        assertThat(served).as("calls to %s served", slow).isGreaterThanOrEqualTo(16);
        Eventually.holds(slow + " to have no calls in flight", Duration.ofSeconds(30), () -> PrometheusText.scrape(server)
                .sum("inferd_inflight_items", Map.of("deployment", slowDeployment)) == 0);
    }

    private static long timedCall(String deployment, int value) {
        long started = System.nanoTime();
        HttpAnswer answer = server.call(deployment, Integer.toString(value));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(answer.body()).isEqualTo("{\"data\":" + value + "}");
        return millis;
    }
}
