package dev.inferd.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.testing.ChildServer;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inferd serve > inferd.log}: the server's log and its request log share the file without
 * writing over each other, as they would if one of them opened the file a second time.
 */
class ALogRedirectedToAFileKeepsEveryLineWholeTest {
    private static final Pattern LISTENING = Pattern.compile("inferd listening on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void theStartLineAndTheRequestLinesAreBothThereIntact() throws Exception {
        Path log = directory.resolve("inferd.log");
        Process server = startWithOutputTo(log);
        try {
            String url = waitFor(log, line -> LISTENING.matcher(line).find()).map(line -> {
                Matcher listening = LISTENING.matcher(line);
                return listening.find() ? listening.group(1) : null;
            }).orElseThrow(() -> new AssertionError("the server never said where it listens"));
            HttpEndpoint served = HttpEndpoint.at(url);
            assertThat(served.post("/v1/nothing_here", "{\"data\": 1}").status()).isEqualTo(404);
            waitFor(log, line -> line.contains("\"status\":404"))
                    .orElseThrow(() -> new AssertionError("no request log line in:\n" + read(log)));
            // Then a line of the server's own log, written after the request line.
            assertThat(served.post("/api/deployments/logged_later/versions", "{\"runtime\": \"java\", \"main\": \"Triple#run\","
                    + " \"files\": {\"Triple.java\": \"public class Triple { public static int run(int x) { return 3 * x; } }\"}}")
                    .status()).isEqualTo(201);
            waitFor(log, line -> line.contains("deployed logged_later/1"))
                    .orElseThrow(() -> new AssertionError("no deploy line in:\n" + read(log)));

            String written = read(log);
            assertThat(written).contains("inferd listening on " + url);
            String requestLine = written.lines().filter(line -> line.contains("\"status\":404")).findFirst()
                    .orElseThrow(() -> new AssertionError("the request line was written over:\n" + written));
            JsonNode fields = JSON.readTree(requestLine);
            assertThat(fields.get("ref").asText()).isEqualTo("latest");
            assertThat(fields.get("time").asText()).isNotBlank();
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private Process startWithOutputTo(Path log) throws IOException {
        List<String> command = new ArrayList<>(ChildServer.serveCommand());
        command.addAll(List.of("--data-dir", directory.resolve("data").toString()));
        // Redirect.to truncates and does not append, as a shell's ">" does.
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
    }

    /** The first line of the log that {@code wanted} accepts, once one is there; none after a minute. */
    private static Optional<String> waitFor(Path log, Predicate<String> wanted) {
        return Eventually.lastRead(Duration.ofSeconds(60), () -> read(log).lines().filter(wanted).findFirst(),
                Optional::isPresent);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
