package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.Main;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker processes end with the server: when it closes, when {@code inferd serve} is stopped with
 * SIGTERM, and even when the server is killed with SIGKILL and cannot stop them (their
 * parent-death watchdog).
 */
class PythonWorkersDoNotOutliveTheServerTest {
    private static final String PID = "import os\n\ndef f(x):\n    return os.getpid()\n";
    private static final Duration WORKERS_GONE = Duration.ofSeconds(5);

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void needPython() {
        PythonAvailability.assumePython();
    }

    @Test
    void closingTheServerEndsEveryWorker() {
        Set<Long> pids = new HashSet<>();
        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.pythonWorkers(1))) {
            PythonBundles.deployed(server, "orphans_close", "f", 2, PID);
            PythonBundles.deployed(server, "orphans_close_other", "f", 1, PID);
            pids.addAll(workerPids(2, body -> server.call("orphans_close", body).json()));
            pids.add(server.call("orphans_close_other", "0").json().get("data").asLong());
            assertThat(pids).hasSize(3).allSatisfy(pid -> assertThat(Eventually.isRunning(pid)).isTrue());
        }

        assertAllGone(pids);
    }

    @Test
    void deletingADeploymentEndsItsWorkers() {
        try (TestServer server = TestServer.start(dataDirectory, settings -> settings.pythonWorkers(1))) {
            PythonBundles.deployed(server, "orphans_delete", "f", 2, PID);
            PythonBundles.deployed(server, "orphans_delete", "f", 1, PID + "\n# version 2\n");
            Set<Long> pids = new HashSet<>(workerPids(2, body -> server.call("orphans_delete/1", body).json()));
            pids.add(server.call("orphans_delete/2", "0").json().get("data").asLong());
            assertThat(pids).hasSize(3);

            assertThat(server.delete("/api/deployments/orphans_delete").status()).isEqualTo(200);

            assertAllGone(pids);
        }
    }

    @Test
    void sigtermStopsTheServerAndItsWorkers() {
        try (ChildServer child = ChildServer.start(dataDirectory)) {
            Set<Long> pids = child.deployAndCollectWorkerPids("orphans_sigterm", 2);

            child.process.destroy();

            assertThat(child.exited(Duration.ofSeconds(30))).as("the server exits on SIGTERM").isTrue();
            assertAllGone(pids);
        }
    }

    @Test
    void sigkillOfTheServerEndsItsWorkersToo() {
        try (ChildServer child = ChildServer.start(dataDirectory)) {
            Set<Long> pids = child.deployAndCollectWorkerPids("orphans_sigkill", 2);

            child.process.destroyForcibly();

            assertThat(child.exited(Duration.ofSeconds(10))).isTrue();
            assertAllGone(pids);
        }
    }

    private static Set<Long> workerPids(int workers, Function<String, JsonNode> call) {
        // Sequential single calls go to the idle workers in turn once all have started.
        Set<Long> seen = new HashSet<>();
        Eventually.holds(workers + " workers answering", Duration.ofSeconds(15), () -> {
            seen.add(call.apply("0").get("data").asLong());
            return seen.size() == workers;
        });
        return seen;
    }

    private static void assertAllGone(Set<Long> pids) {
        Eventually.holds("workers " + pids + " gone", WORKERS_GONE,
                () -> pids.stream().noneMatch(Eventually::isRunning));
    }

    /** {@code inferd serve --port 0} in a JVM of its own, so that it can be signalled. */
    private static final class ChildServer implements AutoCloseable {
        private static final Pattern LISTENING = Pattern.compile("inferd listening on (http://\\S+)");
        private static final ObjectMapper JSON = new ObjectMapper();

        final Process process;
        private final String url;
        private final List<String> output;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        private ChildServer(Process process, String url, List<String> output) {
            this.process = process;
            this.url = url;
            this.output = output;
        }

        static ChildServer start(Path dataDirectory) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // The test class path carries logback-test.xml, which hides INFO; the server's own
            // configuration prints the line that tells the URL.
            URL serverLogging = Main.class.getResource("/logback.xml");
            Process process;
            try {
                process = new ProcessBuilder(java, "-Dlogback.configurationFile=" + serverLogging,
                        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                        "serve", "--port", "0", "--data-dir", dataDirectory.resolve("child").toString())
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> output = new ArrayList<>();
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread pump = new Thread(() -> readOutput(process, output, url), "child-server-output");
            pump.setDaemon(true);
            pump.start();
            try {
                return new ChildServer(process, url.get(60, TimeUnit.SECONDS), output);
            } catch (Exception e) {
                process.destroyForcibly();
                synchronized (output) {
                    throw new AssertionError("the child server did not say where it listens; its output:\n"
                            + String.join("\n", output), e);
                }
            }
        }

        /** Keeps reading, so that the child never blocks on a full pipe. */
        private static void readOutput(Process process, List<String> output, CompletableFuture<String> url) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        url.complete(listening.group(1));
                    }
                }
            } catch (IOException ignored) {
                // The child is gone.
            }
            url.completeExceptionally(new IllegalStateException("the child server's output ended"));
        }

        Set<Long> deployAndCollectWorkerPids(String name, int workers) {
            String body = JSON.createObjectNode().put("runtime", "python").put("main", "f").put("workers", workers)
                    .set("files", JSON.createObjectNode().put("source.py", PID)).toString();
            HttpResponse<String> deployed = post("/api/deployments/" + name + "/versions", body);
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
            Set<Long> pids = workerPids(workers, data -> {
                try {
                    return JSON.readTree(post("/v1/" + name, "{\"data\": " + data + "}").body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(pids).allSatisfy(pid -> assertThat(Eventually.isRunning(pid)).isTrue());
            return pids;
        }

        boolean exited(Duration within) {
            try {
                return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private HttpResponse<String> post(String path, String body) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            exited(Duration.ofSeconds(10));
        }
    }
}
