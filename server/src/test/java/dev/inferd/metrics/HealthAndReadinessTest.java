package dev.inferd.metrics;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /healthz} is liveness: 200 {@code {"status": "ok"}} while the server answers.
 * {@code /readyz} is 200 once the store answers and the examples asked for are deployed.
 */
class HealthAndReadinessTest {
    @TempDir
    static Path examples;
    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings.examplesDirectory(withAnExample(examples)));

    /** Writes one example that compiles, for the server to deploy as it starts. */
    private static Path withAnExample(Path examples) {
        try {
            Path hello = Files.createDirectories(examples.resolve("hello_example"));
            Files.writeString(hello.resolve("inferd.yaml"), "runtime: java\nmain: Hello#greet\n");
            Files.writeString(hello.resolve("Hello.java"),
                    "public class Hello { public static String greet(String name) { return \"hello \" + name; } }");
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void healthzAnswersOk() {
        HttpAnswer answer = server.get("/healthz");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void readyzIsReadyWhenTheStoreAnswersAndTheExamplesAreDeployed() {
        HttpAnswer answer = server.get("/readyz");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("ready");
        assertThat(server.call("hello_example", "\"inferd\"").body()).isEqualTo("{\"data\":\"hello inferd\"}");
    }

    @Test
    void healthAndReadinessNeedNoBodyAndRefuseOtherMethods() {
        assertThat(server.post("/healthz", "{}").status()).isEqualTo(405);
        assertThat(server.post("/readyz", "{}").status()).isEqualTo(405);
        assertThat(server.post("/metrics", "{}").status()).isEqualTo(405);
    }
}
